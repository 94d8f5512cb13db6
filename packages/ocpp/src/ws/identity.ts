import { err, ok, type Result } from "@chargekit/core";
import type { OcppVersion } from "../schema/versions.js";

/**
 * A refused WebSocket handshake: the HTTP status to answer with and why.
 *
 * @category Transport
 */
export interface HandshakeRefusal {
  /** HTTP status: 400 malformed request, 401 authentication failed, 404 unknown station. */
  readonly status: 400 | 401 | 403 | 404 | 503;
  /** Human reason (logged and sent as the status text body). */
  readonly reason: string;
}

/** Longest station identity OCPP 2.x allows (the 1.6 limit we apply is more generous). */
export const MAX_IDENTITY_LENGTH_2X = 48;
const MAX_IDENTITY_LENGTH_16 = 255;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Reads the station identity from a request path: the percent-decoded last segment after `basePath`
 * (e.g. `/ocpp/CP%2D01` → `CP-01`). Refused with 400 when it is missing, badly encoded, contains `/`, `:` or control
 * characters, or is too long for the version (2.x: 48 characters).
 *
 * @category Transport
 */
export function identityFromPath(
  path: string,
  basePath: string,
  version: OcppVersion | undefined,
): Result<string, HandshakeRefusal> {
  const refuse = (reason: string) => err<HandshakeRefusal>({ status: 400, reason });
  const pathOnly = path.split("?")[0] ?? "";
  const base = basePath.endsWith("/") ? basePath : `${basePath}/`;
  if (!pathOnly.startsWith(base)) return refuse(`path must start with ${base}`);
  const raw = pathOnly.slice(base.length);
  if (raw.length === 0) return refuse("no station identity in the path");
  if (raw.includes("/")) return refuse("the station identity must be the last path segment");
  let identity: string;
  try {
    identity = decodeURIComponent(raw);
  } catch {
    return refuse("the station identity is not valid percent-encoding");
  }
  if (identity.length === 0) return refuse("empty station identity");
  if (identity.includes(":")) return refuse("the station identity must not contain ':'");
  if (identity.includes("/")) return refuse("the station identity must not contain '/'");
  if (CONTROL.test(identity)) return refuse("the station identity must not contain control characters");
  const max = version === undefined || version === "ocpp1.6" ? MAX_IDENTITY_LENGTH_16 : MAX_IDENTITY_LENGTH_2X;
  if (identity.length > max) return refuse(`the station identity is longer than ${max} characters`);
  return ok(identity);
}

/**
 * Chooses the subprotocol: the first of `preference` (the server's order) that the client offered; undefined when
 * there is none in common.
 *
 * @category Transport
 */
export function selectProtocol(offered: Iterable<string>, preference: readonly OcppVersion[]): OcppVersion | undefined {
  const set = new Set([...offered].map((p) => p.trim()));
  return preference.find((p) => set.has(p));
}
