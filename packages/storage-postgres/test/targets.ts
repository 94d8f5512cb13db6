import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { type TestTarget, testTargets } from "../src/testing/test-database.js";

declare module "vitest" {
  interface ProvidedContext {
    /** Path of the dumped, migrated PGlite data directory (a tar file). */
    pgliteTemplate: string;
  }
}

/** PGlite from the run's migrated template (see vitest.global-setup.ts), and the server when DATABASE_URL is set. */
export async function targets(): Promise<TestTarget[]> {
  const template = new Blob([new Uint8Array(await readFile(inject("pgliteTemplate")))]);
  return testTargets(process.env, template);
}
