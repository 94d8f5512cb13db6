import type { IncomingHttpHeaders } from "node:http";
import type { Principal } from "./principal.js";

/** Turns a presented API key into the caller it belongs to, or `undefined` when it belongs to nobody. */
export type Authenticator = (apiKey: string) => Principal | undefined;

/** The API key of a request: `Authorization: Bearer <key>`, else `X-API-Key: <key>`; `undefined` when neither. */
export function credentialOf(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ?? "";
  }
  const header = headers["x-api-key"];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? undefined : value.trim();
}
