/**
 * HTTP Basic credentials with a binary-safe password (OCPP 1.6 AuthorizationKey / 2.x BasicAuthPassword may hold
 * any bytes).
 *
 * @category Security
 */
export interface BasicCredentials {
  /** The user name (must equal the station identity). */
  readonly username: string;
  /** The password bytes. */
  readonly password: Uint8Array;
}

/**
 * Parses an `Authorization: Basic …` header. The user name ends at the first `:` (identities cannot contain one);
 * the password is everything after it, as bytes. Undefined when the header is missing or malformed.
 *
 * @category Security
 */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (match?.[1] === undefined) return undefined;
  const bytes = Buffer.from(match[1], "base64");
  const colon = bytes.indexOf(0x3a);
  if (colon < 0) return undefined;
  const username = bytes.subarray(0, colon).toString("utf8");
  return { username, password: new Uint8Array(bytes.subarray(colon + 1)) };
}

/**
 * Builds an `Authorization: Basic …` header value from an identity and a password (text is UTF-8 encoded).
 *
 * @category Security
 */
export function basicAuthHeader(username: string, password: string | Uint8Array): string {
  const pw = typeof password === "string" ? Buffer.from(password, "utf8") : Buffer.from(password);
  return `Basic ${Buffer.concat([Buffer.from(`${username}:`, "utf8"), pw]).toString("base64")}`;
}
