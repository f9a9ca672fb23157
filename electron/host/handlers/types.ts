import type { OperationName, ParsedRequestOf, ResponseOf } from '../api.js';
import type { AuthUser } from '../services.js';

/** Who is calling and how: the HTTP Authorization header (when any), the authenticated user, cancellation. */
export interface CallContext {
  authorization?: string;
  user?: AuthUser | null;
  signal?: AbortSignal;
}

export type Handler<N extends OperationName> = (request: ParsedRequestOf<N>, ctx: CallContext) => Promise<ResponseOf<N>>;
export type Handlers = { [N in OperationName]: Handler<N> };
export type HandlerGroup<K extends OperationName> = { [N in K]: Handler<N> };
