import { ChargekitError } from "@chargekit/core";

/**
 * The PostgreSQL schema the tables live in when none is given.
 *
 * @category Client
 */
export const DEFAULT_SCHEMA = "chargekit";

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema name (lower-case letters, digits, `_`, at most 63 characters, not starting with a digit or
 * `pg_`) and returns it double-quoted for SQL text. Names are never taken from outside input unchecked.
 *
 * @internal
 */
export function quoteSchema(schema: string): string {
  if (!NAME.test(schema) || schema.startsWith("pg_")) {
    throw new ChargekitError(
      "INVALID_ARGUMENT",
      `invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _ (at most 63, not pg_*)`,
      { details: { schema } },
    );
  }
  return `"${schema}"`;
}
