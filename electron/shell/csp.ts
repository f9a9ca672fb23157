/**
 * The Content-Security-Policy of the desktop window: scripts, styles and data only
 * from the app's own packaged files; no remote code, no eval, no plugins, no framing.
 * Style attributes set through the CSSOM (Vue bindings, ECharts) are not governed by CSP,
 * but Vue's transition and ECharts' tooltip markup need inline styles, hence 'unsafe-inline'
 * for styles only.
 */
export const APP_CSP_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'worker-src': "'self' blob:",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
  'frame-src': "'none'",
};

export function contentSecurityPolicy(directives: Readonly<Record<string, string>> = APP_CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}
