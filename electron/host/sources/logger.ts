/** The logger the sources need: a pino-compatible subset (object first, message second). */
export interface SourceLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: SourceLogger = {
  info() {},
  warn() {},
  error() {},
};
