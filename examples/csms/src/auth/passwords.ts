import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (
  password: Buffer,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt cost parameters for station passwords (N = 2^15, r = 8, p = 1: about 32 MiB and tens of ms per check). */
export const SCRYPT_PARAMS = {
  /** CPU/memory cost (a power of two). */
  N: 32_768,
  /** Block size. */
  r: 8,
  /** Parallelism. */
  p: 1,
} as const;

const KEY_LENGTH = 32;

/**
 * Hashes a station's HTTP Basic password (OCPP security profiles 1 and 2) for the configuration's
 * `stations[].passwordHash`: `scrypt$N$r$p$<salt>$<hash>`, base64url, with a fresh 16-byte salt. Passwords may be
 * binary (OCPP 1.6 `AuthorizationKey`), so bytes are accepted too.
 */
export async function hashPassword(password: string | Uint8Array): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = SCRYPT_PARAMS;
  const hash = await scryptAsync(toBytes(password), salt, KEY_LENGTH, { N, r, p, maxmem: 128 * N * r * 2 });
  return ["scrypt", N, r, p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** True when `password` matches `stored` (a {@link hashPassword} result); compares in constant time. */
export async function verifyPassword(password: string | Uint8Array, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (N === undefined || r === undefined || p === undefined || ![N, r, p].every(Number.isSafeInteger)) return false;
  if (N > 1_048_576 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const expected = Buffer.from(parts[5] ?? "", "base64url");
  if (expected.length < 16) return false;
  const actual = await scryptAsync(toBytes(password), salt, expected.length, { N, r, p, maxmem: 128 * N * r * 2 });
  return timingSafeEqual(actual, expected);
}

function toBytes(password: string | Uint8Array): Buffer {
  return typeof password === "string" ? Buffer.from(password, "utf8") : Buffer.from(password);
}
