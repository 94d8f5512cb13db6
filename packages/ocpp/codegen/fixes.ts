/**
 * The known defects of the published OCA schema files, handled here at generation time so the files themselves
 * stay byte-identical (CC BY-ND 4.0). Each fix has a test in `fixes.test.ts`.
 */

/**
 * Draft-04 files (the OCPP 1.6 2019-12 set) carry their identity in `id`, draft-06 files (1.6 security
 * whitepaper, 2.0.1, 2.1) in `$id`. Both mean the same; a file with neither, or with two different ones, is refused.
 */
export function schemaIdOf(schema: Record<string, unknown>): string {
  const draft04 = schema["id"];
  const draft06 = schema["$id"];
  if (typeof draft04 === "string" && typeof draft06 === "string" && draft04 !== draft06) {
    throw new Error(`schema has two different ids: id ${draft04} and $id ${draft06}`);
  }
  const id = typeof draft06 === "string" ? draft06 : draft04;
  if (typeof id !== "string" || id.length === 0) throw new Error("schema has neither id nor $id");
  return id;
}

/**
 * OCPP 1.6 spells the temperature unit "Celcius" in StopTransaction and both "Celcius" and "Celsius" in the
 * 2019-12 MeterValues. Stations send either, so wherever one spelling is allowed the other is added.
 */
export function fixEnumValues(values: readonly string[]): string[] {
  const out = [...values];
  const hasTypo = out.includes("Celcius");
  const hasRight = out.includes("Celsius");
  if (hasTypo && !hasRight) out.splice(out.indexOf("Celcius") + 1, 0, "Celsius");
  if (hasRight && !hasTypo) out.splice(out.indexOf("Celsius"), 0, "Celcius");
  return out;
}

/**
 * Keywords the generator reads. Anything else in a schema stops the generator, so a future schema set cannot be
 * validated less strictly than it says without someone noticing.
 */
export const VALIDATION_KEYWORDS: ReadonlySet<string> = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "maxItems",
  "maxLength",
  "enum",
  "format",
  "minimum",
  "maximum",
  "multipleOf",
  "$ref",
  "definitions",
]);

/**
 * Keywords that carry no validation meaning here: annotations (`description`, `title`, `default`), schema
 * identity (`$schema`, `id`, `$id`), the OCA generator's non-standard `comment` and `javaType`, and
 * `additionalItems`, which JSON Schema ignores when `items` is a single schema (as it always is in OCPP).
 */
export const IGNORED_KEYWORDS: ReadonlySet<string> = new Set([
  "$schema",
  "id",
  "$id",
  "title",
  "description",
  "default",
  "comment",
  "javaType",
  "additionalItems",
]);

/** The `format` values the OCPP schemas use; the generated validators implement exactly these. */
export const SUPPORTED_FORMATS: ReadonlySet<string> = new Set(["date-time", "uri"]);

/**
 * Checks the keywords of one schema node: unknown ones throw. `additionalProperties` on a string schema (a quirk
 * of the 1.6 files, e.g. on every enum) has no effect in JSON Schema and is accepted.
 */
export function checkKeywords(node: Record<string, unknown>, where: string): void {
  for (const key of Object.keys(node)) {
    if (VALIDATION_KEYWORDS.has(key) || IGNORED_KEYWORDS.has(key)) continue;
    throw new Error(`${where}: unsupported schema keyword "${key}"`);
  }
  const format = node["format"];
  if (format !== undefined && (typeof format !== "string" || !SUPPORTED_FORMATS.has(format))) {
    throw new Error(`${where}: unsupported format ${JSON.stringify(format)}`);
  }
}

/**
 * `multipleOf: 0.1` (1.6 charging limits) cannot hold for binary floats: 8.1 / 0.1 is 80.99999999999999, so a
 * plain check refuses 8.1 A. The generated validators compare the quotient to the nearest integer with this
 * relative tolerance instead.
 */
export { MULTIPLE_OF_TOLERANCE } from "../src/validation/tolerance.js";
