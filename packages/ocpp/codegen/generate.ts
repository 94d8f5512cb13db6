import { join } from "node:path";
import { emitVersion } from "./emit.js";
import { toIr } from "./ir.js";
import { loadVersion } from "./load.js";
import { nameInline16, refuseInline } from "./names16.js";
import { resolveVersion } from "./resolve.js";
import { VERSIONS } from "./versions.js";

/** Everything the generator writes, by path relative to `src/generated/`. Pure: reads the schemas, writes nothing. */
export function generateAll(packageDir: string): Map<string, string> {
  const schemaRoot = join(packageDir, "schemas");
  const out = new Map<string, string>();
  for (const source of VERSIONS) {
    const files = loadVersion(schemaRoot, source);
    const namer = source.version === "ocpp1.6" ? nameInline16 : refuseInline;
    const resolved = resolveVersion(files.map((f) => toIr(f, namer)));
    for (const [name, text] of emitVersion(source, resolved)) out.set(`${source.out}/${name}`, text);
  }
  return out;
}
