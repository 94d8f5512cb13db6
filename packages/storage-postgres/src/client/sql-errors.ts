import { ChargekitError, isChargekitError, portFailure } from "@chargekit/core";

/**
 * SQLSTATE codes the adapters act on (PostgreSQL appendix A).
 *
 * @internal
 */
export const SQLSTATE = {
  /** A unique index refused a row. */
  uniqueViolation: "23505",
  /** An exclusion constraint refused a row (two live reservations overlap). */
  exclusionViolation: "23P01",
  /** A sequence ran past its maximum. */
  sequenceExhausted: "2200H",
  /** SERIALIZABLE gave up on a transaction. */
  serializationFailure: "40001",
  /** The deadlock detector ended a transaction. */
  deadlock: "40P01",
  /** A relation does not exist (the migrations did not run). */
  undefinedTable: "42P01",
  /** An extension control file is missing (btree_gist not available). */
  undefinedFile: "58P01",
  /** Text PostgreSQL cannot hold: a NUL character in a `text` value. */
  characterNotInRepertoire: "22021",
  /** Text PostgreSQL cannot hold: a `\\u0000` escape in a `jsonb` value. */
  untranslatableCharacter: "22P05",
} as const;

/** The SQLSTATE of a driver error (pg and PGlite both put it in `code`), or `undefined`. @internal */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Where a store call failed, for {@link guard}. @internal */
export interface Operation {
  /** The port, e.g. `"ReservationStore"`. */
  readonly port: string;
  /** The method. */
  readonly operation: string;
  /** The record concerned, if any. */
  readonly key?: string;
}

/**
 * Runs a store call; a driver error (broken connection, missing table, anything unexpected) becomes a
 * `PORT_FAILURE` naming the port, the operation and the key, with the driver error as `cause`. Text PostgreSQL
 * cannot hold (a NUL character) is bad input, `INVALID_INPUT`. chargekit errors pass through unchanged.
 *
 * @internal
 */
export async function guard<T>(where: Operation, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isChargekitError(error)) throw error;
    const state = sqlState(error);
    if (state === SQLSTATE.characterNotInRepertoire || state === SQLSTATE.untranslatableCharacter) {
      const key = where.key === undefined ? "" : ` (key ${where.key})`;
      throw new ChargekitError(
        "INVALID_INPUT",
        `${where.port}.${where.operation}${key}: a value contains a NUL character (U+0000), which PostgreSQL text and jsonb cannot hold`,
        { cause: error, details: { port: where.port, operation: where.operation, sqlState: state } },
      );
    }
    const missingTable = state === SQLSTATE.undefinedTable;
    throw portFailure({
      port: where.port,
      operation: where.operation,
      ...(where.key === undefined ? {} : { key: where.key }),
      cause: missingTable
        ? new Error(`${describe(error)} (did the migrations run? call migrate(client) at start-up)`, { cause: error })
        : error,
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
