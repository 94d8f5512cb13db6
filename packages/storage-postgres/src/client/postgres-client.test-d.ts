import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { expectTypeOf, test } from "vitest";
import type { PostgresClient } from "./postgres-client.js";

test("the real drivers fit the client seam without casts", () => {
  expectTypeOf<pg.Pool>().toExtend<PostgresClient>();
  expectTypeOf<PGlite>().toExtend<PostgresClient>();
});

test("a single pg Client is not a pool: it cannot lend connections per transaction", () => {
  expectTypeOf<pg.Client>().not.toExtend<PostgresClient>();
});
