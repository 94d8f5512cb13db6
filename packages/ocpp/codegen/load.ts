import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { schemaIdOf } from "./fixes.js";
import type { VersionSource } from "./versions.js";

/** One schema file as published by the OCA, parsed, with what its name says about it. */
export interface SchemaFile {
  /** File name, e.g. `Authorize.json` or `AuthorizeRequest.json`. */
  readonly file: string;
  /** The OCPP action, e.g. `Authorize`. */
  readonly action: string;
  /** `request` (the CALL or SEND payload) or `response` (the CALLRESULT payload). */
  readonly kind: "request" | "response";
  /** The schema id from `id` (draft-04) or `$id` (draft-06). */
  readonly id: string;
  /** The parsed JSON document. */
  readonly schema: Record<string, unknown>;
}

/**
 * Reads every schema file of a version. OCPP 1.6 names request files after the action alone
 * (`Authorize.json`), 2.x appends `Request`; responses always end in `Response`.
 */
export function loadVersion(schemaRoot: string, source: VersionSource): SchemaFile[] {
  const dir = join(schemaRoot, source.folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8").replace(/^\uFEFF/, "");
      const schema = JSON.parse(text) as Record<string, unknown>;
      const base = file.slice(0, -".json".length);
      const isResponse = base.endsWith("Response");
      const action = isResponse
        ? base.slice(0, -"Response".length)
        : base.endsWith("Request")
          ? base.slice(0, -"Request".length)
          : base;
      return { file, action, kind: isResponse ? "response" : "request", id: schemaIdOf(schema), schema };
    });
}
