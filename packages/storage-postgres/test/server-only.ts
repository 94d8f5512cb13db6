/**
 * Test files that need a PostgreSQL server: races between OS processes cannot run on PGlite (one connection in one
 * process). Without `DATABASE_URL` they are left out of the run (`vitest.config.ts`), not reported as skipped, and
 * the global setup prints why.
 */
export const SERVER_ONLY_FILES = ["test/race.test.ts"];

/** Why {@link SERVER_ONLY_FILES} are not run without a server. */
export const SERVER_ONLY_REASON =
  "DATABASE_URL is not set; races between processes need a PostgreSQL server (PGlite is a single connection)";

/** True when `DATABASE_URL` names a server to test against. */
export function hasServer(env: Readonly<Record<string, string | undefined>>): boolean {
  const url = env["DATABASE_URL"];
  return url !== undefined && url !== "";
}
