/**
 * Test helpers of `@chargekit/storage-postgres`: fresh databases for adapter tests (PGlite always, a throw-away
 * database on the server named by `DATABASE_URL` when set). Needs `pg` and/or `@electric-sql/pglite` installed.
 *
 * @module
 */
export { openTestDatabase, type TestDatabase, type TestTarget, testTargets } from "./testing/test-database.js";
