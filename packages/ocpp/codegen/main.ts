/**
 * The OCPP code generator: reads the OCA JSON schemas in `schemas/`, applies the documented fixes (`fixes.ts`),
 * and writes TypeScript types, zod schemas and specialised validators to `src/generated/<version>/`.
 * Run with `npm run codegen -w @chargekit/ocpp`. The output is deterministic and committed.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateAll } from "./generate.js";
import { VERSIONS } from "./versions.js";

const packageDir = new URL("..", import.meta.url).pathname;
const outRoot = join(packageDir, "src", "generated");
const files = generateAll(packageDir);
for (const source of VERSIONS) rmSync(join(outRoot, source.out), { recursive: true, force: true });
for (const [path, text] of files) {
  mkdirSync(dirname(join(outRoot, path)), { recursive: true });
  writeFileSync(join(outRoot, path), text);
}
console.log(`wrote ${files.size} files under src/generated/`);
