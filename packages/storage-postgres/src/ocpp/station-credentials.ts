import { randomBytes } from "node:crypto";
import { ChargekitError } from "@chargekit/core";
import { hashPassword, type PasswordHash, type StationCredentials, verifyPassword } from "@chargekit/ocpp/ws";
import { DEFAULT_SCHEMA, quoteSchema } from "../client/identifiers.js";
import { toSqlClient } from "../client/sql-client.js";
import { guard } from "../client/sql-errors.js";
import type { PostgresStoreOptions } from "../options.js";

/**
 * The `StationCredentials` port on PostgreSQL, with the writes an operator needs. Only salted scrypt hashes
 * are stored (never a password), and an unknown identity costs one scrypt run like a known one, so timing does
 * not reveal which stations exist.
 *
 * @category Stores
 */
export interface PostgresStationCredentials extends StationCredentials {
  /** Sets (or replaces) the password of `identity`; only its hash is stored. */
  setPassword(identity: string, password: string | Uint8Array): Promise<void>;
  /** Stores an existing hash (e.g. migrated from another system). */
  setHash(identity: string, hash: PasswordHash): Promise<void>;
  /** Forgets `identity`; true when it was known. */
  remove(identity: string): Promise<boolean>;
}

const PORT = "StationCredentials";
const HEX = /^(?:[0-9a-f]{2})+$/;

/**
 * Checks a stored hash before scrypt runs with its parameters: a corrupt or hostile row must not make a login
 * attempt allocate gigabytes.
 */
function checkHash(identity: string, value: unknown): PasswordHash {
  const h = value as Partial<PasswordHash> | null;
  const ok =
    typeof h === "object" &&
    h !== null &&
    h.algorithm === "scrypt" &&
    Number.isInteger(h.cost) &&
    (h.cost as number) >= 2 &&
    (h.cost as number) <= 1 << 20 &&
    Number.isInteger(h.blockSize) &&
    (h.blockSize as number) >= 1 &&
    (h.blockSize as number) <= 32 &&
    Number.isInteger(h.parallelization) &&
    (h.parallelization as number) >= 1 &&
    (h.parallelization as number) <= 16 &&
    typeof h.salt === "string" &&
    HEX.test(h.salt) &&
    typeof h.hash === "string" &&
    HEX.test(h.hash);
  if (!ok) {
    throw new ChargekitError(
      "INVALID_INPUT",
      `stored password hash of station ${identity} is not a valid scrypt hash`,
      {
        details: { identity },
      },
    );
  }
  return h as PasswordHash;
}

/**
 * Creates the PostgreSQL {@link PostgresStationCredentials}. Run {@link migrate} first.
 *
 * @example
 * ```ts no-run
 * const credentials = createPostgresStationCredentials({ client: pool });
 * await credentials.setPassword("CP-1", "0123456789abcdef0123456789abcdef01234567");
 * const server = createOcppServer({ credentials, ... });
 * ```
 * @category Stores
 */
export function createPostgresStationCredentials(options: PostgresStoreOptions): PostgresStationCredentials {
  const table = `${quoteSchema(options.schema ?? DEFAULT_SCHEMA)}.station_credentials`;
  const sql = toSqlClient(options.client);
  let decoy: Promise<PasswordHash> | undefined;
  const upsert = `INSERT INTO ${table} (identity, hash) VALUES ($1, $2::jsonb)
  ON CONFLICT (identity) DO UPDATE SET hash = excluded.hash, updated_at = now()`;

  const setHash = (identity: string, hash: PasswordHash): Promise<void> =>
    guard({ port: PORT, operation: "setHash", key: identity }, async () => {
      await sql.count(upsert, [identity, JSON.stringify(checkHash(identity, hash))]);
    });

  return {
    async setPassword(identity, password) {
      await setHash(identity, await hashPassword(password));
    },
    setHash,
    async remove(identity) {
      return guard({ port: PORT, operation: "remove", key: identity }, async () => {
        return (await sql.count(`DELETE FROM ${table} WHERE identity = $1`, [identity])) > 0;
      });
    },
    async verify(identity, password) {
      const [row] = await guard({ port: PORT, operation: "verify", key: identity }, () =>
        sql.rows(`SELECT hash FROM ${table} WHERE identity = $1`, [identity]),
      );
      if (row === undefined) {
        decoy ??= hashPassword(randomBytes(16));
        await verifyPassword(password, await decoy);
        return "unknown";
      }
      return (await verifyPassword(password, checkHash(identity, row["hash"]))) ? "valid" : "invalid";
    },
  };
}
