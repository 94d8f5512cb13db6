import type { ServerResponse } from "node:http";

/** Headers on every response: no sniffing, no framing, no referrer, no caching of API data, same-origin only. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Cache-Control": "no-store",
};

/** The CSP of the dashboard page: its own scripts, styles and API only. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Sets {@link SECURITY_HEADERS} (and HSTS when served over TLS). */
export function setSecurityHeaders(res: ServerResponse, tls: boolean): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  if (tls) res.setHeader("Strict-Transport-Security", "max-age=31536000");
}

/** CORS settings: the exact origins allowed (none: CORS is off and no header is sent). */
export interface CorsPolicy {
  /** Allowed origins, e.g. `https://app.example.com`. */
  readonly origins: readonly string[];
}

/**
 * Adds CORS headers when the request's `Origin` is allowed; answers preflights. Returns true when the request was
 * a preflight and has been answered.
 */
export function applyCors(
  policy: CorsPolicy,
  method: string,
  origin: string | undefined,
  res: ServerResponse,
  allowMethods: readonly string[],
): boolean {
  if (policy.origins.length === 0) return false;
  res.setHeader("Vary", "Origin");
  if (origin === undefined || !policy.origins.includes(origin)) return false;
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Access-Control-Expose-Headers", "X-Request-Id");
  if (method !== "OPTIONS") return false;
  res.setHeader("Access-Control-Allow-Methods", allowMethods.join(", "));
  res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, X-API-Key, X-Request-Id, Last-Event-ID");
  res.setHeader("Access-Control-Max-Age", "600");
  res.statusCode = 204;
  res.end();
  return true;
}
