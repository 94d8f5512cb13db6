import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { ChargekitError } from "@chargekit/core";

/**
 * Outcome of a password check.
 *
 * @category Security
 */
export type CredentialCheck = "valid" | "invalid" | "unknown";

/**
 * The port that checks station passwords (Security Profiles 1 and 2). Implementations store salted one-way hashes
 * (never the password) and compare in constant time.
 *
 * @category Security
 */
export interface StationCredentials {
  /** Checks `password` for `identity`: `valid`, `invalid` (wrong password) or `unknown` (no such station). */
  verify(identity: string, password: Uint8Array): Promise<CredentialCheck>;
}

/**
 * A stored password hash: scrypt with a random salt (hex), in a self-describing form that can be persisted.
 *
 * @category Security
 */
export interface PasswordHash {
  /** Always `scrypt`. */
  readonly algorithm: "scrypt";
  /** scrypt cost parameter N. */
  readonly cost: number;
  /** scrypt block size r. */
  readonly blockSize: number;
  /** scrypt parallelization p. */
  readonly parallelization: number;
  /** Random salt, hex. */
  readonly salt: string;
  /** Derived key, hex. */
  readonly hash: string;
}

const COST = 16384;
const BLOCK_SIZE = 8;
const PARALLELIZATION = 1;
const KEY_LENGTH = 32;

function derive(password: Uint8Array, salt: Buffer, cost: number, blockSize: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N: cost, r: blockSize, p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/**
 * The bytes that get hashed: a 4-byte length, then the password. scrypt keys HMAC with the password, and HMAC pads
 * short keys with zero bytes, so without the length `"pw"` and `"pw\0"` would hash alike; binary passwords may well
 * end in zero bytes.
 */
function toBytes(password: string | Uint8Array): Uint8Array {
  const bytes = typeof password === "string" ? new TextEncoder().encode(password) : password;
  const out = new Uint8Array(bytes.length + 4);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

/**
 * Hashes a password with scrypt and a fresh 16-byte salt.
 *
 * @category Security
 */
export async function hashPassword(password: string | Uint8Array): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(toBytes(password), salt, COST, BLOCK_SIZE, PARALLELIZATION);
  return {
    algorithm: "scrypt",
    cost: COST,
    blockSize: BLOCK_SIZE,
    parallelization: PARALLELIZATION,
    salt: salt.toString("hex"),
    hash: key.toString("hex"),
  };
}

/**
 * Checks a password against a {@link PasswordHash} in constant time.
 *
 * @category Security
 */
export async function verifyPassword(password: string | Uint8Array, stored: PasswordHash): Promise<boolean> {
  if (stored.algorithm !== "scrypt")
    throw new ChargekitError("UNSUPPORTED", `unknown hash algorithm ${stored.algorithm}`);
  const expected = Buffer.from(stored.hash, "hex");
  const key = await derive(
    toBytes(password),
    Buffer.from(stored.salt, "hex"),
    stored.cost,
    stored.blockSize,
    stored.parallelization,
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * The in-memory {@link StationCredentials}: keeps only scrypt hashes. Checking an unknown identity costs the same
 * as checking a known one, so response times do not reveal which stations exist.
 *
 * @category Security
 */
export interface MemoryStationCredentials extends StationCredentials {
  /** Sets (or replaces) the password of `identity`; only its hash is kept. */
  setPassword(identity: string, password: string | Uint8Array): Promise<void>;
  /** Stores an existing hash (e.g. loaded from a database). */
  setHash(identity: string, hash: PasswordHash): void;
  /** Forgets `identity`. */
  remove(identity: string): void;
}

/**
 * Creates a {@link MemoryStationCredentials}.
 *
 * @example
 * ```ts no-run
 * const credentials = createMemoryStationCredentials();
 * await credentials.setPassword("CP-1", "0123456789abcdef0123456789abcdef01234567");
 * ```
 * @category Security
 */
export function createMemoryStationCredentials(): MemoryStationCredentials {
  const hashes = new Map<string, PasswordHash>();
  let decoy: Promise<PasswordHash> | undefined;
  return {
    async setPassword(identity, password) {
      hashes.set(identity, await hashPassword(password));
    },
    setHash(identity, hash) {
      hashes.set(identity, hash);
    },
    remove(identity) {
      hashes.delete(identity);
    },
    async verify(identity, password) {
      const stored = hashes.get(identity);
      if (stored === undefined) {
        decoy ??= hashPassword(randomBytes(16));
        await verifyPassword(password, await decoy);
        return "unknown";
      }
      return (await verifyPassword(password, stored)) ? "valid" : "invalid";
    },
  };
}
