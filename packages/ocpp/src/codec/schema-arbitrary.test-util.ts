/**
 * Test helpers for the codec fast paths, built from the raw OCA schema files (not from our code generator): every
 * message schema of every version with ajv's validator for it, and fast-check arbitraries of valid payloads that
 * lean on what a JSON reader or writer can get wrong — every character that needs an escape, lone surrogates,
 * astral characters, -0, huge and tiny numbers, nested arrays.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import fc from "fast-check";
import type { OcppVersion } from "../schema/versions.js";

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

/** One message schema of one version. */
export interface RawMessage {
  readonly version: OcppVersion;
  readonly action: string;
  readonly kind: "request" | "response";
  readonly schema: Schema;
  /** ajv on the raw file (draft-04 or draft-06 as the file declares, ajv-formats, float tolerance 1e-9). */
  readonly ajv: ValidateFunction;
}

const schemaRoot = new URL("../../schemas", import.meta.url).pathname;
const folders: Record<OcppVersion, string> = { "ocpp1.6": "ocpp16", "ocpp2.0.1": "ocpp20", "ocpp2.1": "ocpp21" };
const ajvOptions = { strict: false, allErrors: false, multipleOfPrecision: 9 } as const;

let cache: RawMessage[] | undefined;

/** Every message schema of every version, with its ajv validator. */
export function rawMessages(): readonly RawMessage[] {
  if (cache !== undefined) return cache;
  const ajv06 = new Ajv(ajvOptions);
  const ajv04 = new Ajv04.default(ajvOptions);
  addFormats.default(ajv06);
  addFormats.default(ajv04);
  ajv06.addMetaSchema(
    JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve("ajv/dist/refs/json-schema-draft-06.json"), "utf8"),
    ) as Schema,
  );
  const out: RawMessage[] = [];
  for (const version of ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"] as const) {
    const dir = join(schemaRoot, folders[version]);
    for (const file of readdirSync(dir).sort()) {
      const schema = JSON.parse(readFileSync(join(dir, file), "utf8")) as Schema;
      const base = file.replace(/\.json$/, "");
      const kind = base.endsWith("Response") ? "response" : "request";
      const action = base.replace(/(Request|Response)$/, "");
      const ajv = (schema["$schema"] as string).includes("draft-04") ? ajv04.compile(schema) : ajv06.compile(schema);
      out.push({ version, action, kind, schema, ajv });
    }
  }
  cache = out;
  return out;
}

function deref(node: Schema, root: Schema): Schema {
  const ref = node["$ref"];
  if (typeof ref !== "string") return node;
  const name = ref.replace("#/definitions/", "");
  return deref((root["definitions"] as Record<string, Schema>)[name] ?? {}, root);
}

/** Code points `JSON.stringify` writes as they are, ordinary and not (astral, U+2028, BOM, DEL). */
const plainCodePoint: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("a", "Z", "0", "-", "_", ".", " ", "/", "~", "%", "'", "<") },
  { weight: 1, arbitrary: fc.constantFrom("😀", "é", "€", "\u007f", "\u2028", "\u2029", "\ufeff", "\u00a0") },
);

/** Single code points a JSON reader or writer must treat with care, and ordinary ones. */
const codePoint: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("a", "Z", "0", "-", "_", ".", " ", "/", "~", "%") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '"',
      "\\",
      "\u0000",
      "\u0008",
      "\t",
      "\n",
      "\f",
      "\r",
      "\u001f",
      "\u007f",
      "\u2028",
      "\u2029",
      "\ud800", // lone high surrogate
      "\udfff", // lone low surrogate
      "😀",
      "é",
      "€",
      "\ufeff",
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);

/** A string of at most `max` code points (the unit JSON Schema `maxLength` counts). */
function stringArb(max: number, edgy: boolean): fc.Arbitrary<string> {
  return fc.array(edgy ? codePoint : plainCodePoint, { maxLength: Math.min(max, 24) }).map((points) => points.join(""));
}

const DIGITS2 = (n: number) => String(n).padStart(2, "0");

/** RFC 3339 date-times in the forms stations send (fractions, offsets, lower case). */
const dateTimeArb: fc.Arbitrary<string> = fc
  .record({
    date: fc.date({
      min: new Date("1970-01-01T00:00:00Z"),
      max: new Date("2199-12-31T23:59:59Z"),
      noInvalidDate: true,
    }),
    fraction: fc.constantFrom("", ".0", ".123", ".123456789"),
    offset: fc.constantFrom("Z", "z", "+00:00", "-05:30", "+14:00"),
    t: fc.constantFrom("T", "t"),
  })
  .map(({ date, fraction, offset, t }) => {
    const d = date;
    const day = `${String(d.getUTCFullYear()).padStart(4, "0")}-${DIGITS2(d.getUTCMonth() + 1)}-${DIGITS2(d.getUTCDate())}`;
    const time = `${DIGITS2(d.getUTCHours())}:${DIGITS2(d.getUTCMinutes())}:${DIGITS2(d.getUTCSeconds())}`;
    return `${day}${t}${time}${fraction}${offset}`;
  });

const uriArb = fc.constantFrom(
  "https://example.com/firmware.bin",
  "ftp://user@host:21/a%20b",
  "urn:isbn:0451450523",
  "http://[::1]:8080/x?y=1#z",
);

/** Doubles that stress a number reader and writer. */
const edgyNumbers = [
  0, -0, 1, -1, 0.1, 0.2, 0.3, 1.5, 8.1, 230.7, 1e21, 1e-7, 123456789012345, 1234567890123456800, 5e-324,
  2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740992, 0.000001, 1e300, -1e-300, 4.35, 2.675,
];

function numberArb(n: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = n["minimum"] as number | undefined;
  const max = n["maximum"] as number | undefined;
  const step = n["multipleOf"] as number | undefined;
  const inRange = (x: number) => (min === undefined || x >= min) && (max === undefined || x <= max);
  const edges = edgyNumbers.filter((x) => inRange(x) && (!integer || Number.isInteger(x)));
  if (step !== undefined) {
    // multiples of the step inside the bounds (the product may carry float noise, as real meter values do)
    const lo = Math.ceil((min ?? -1e5 * step) / step);
    const hi = Math.floor((max ?? 1e5 * step) / step);
    return fc.integer({ min: lo, max: Math.max(lo, hi) }).map((k) => k * step);
  }
  if (integer) {
    const lo = Math.max(min ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER);
    const hi = Math.min(max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    return fc.oneof(
      fc.integer({ min: Math.max(lo, -1000), max: Math.max(Math.max(lo, -1000), Math.min(hi, 1000)) }),
      fc.constantFrom(lo, hi, ...edges),
      fc.maxSafeInteger().map((x) => Math.min(hi, Math.max(lo, x))),
    );
  }
  const lo = min ?? -Number.MAX_VALUE;
  const hi = max ?? Number.MAX_VALUE;
  return fc.oneof(
    fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }),
    ...(edges.length > 0 ? [fc.constantFrom(...edges)] : []),
    fc.integer({ min: -100_000, max: 100_000 }).map((k) => Math.min(hi, Math.max(lo, k / 1000))),
  );
}

/**
 * Valid values of a raw schema node: what ajv accepts, leaning on the edge cases above. With `edgy`, strings also
 * hold characters `JSON.stringify` escapes (quotes, backslashes, control characters, lone surrogates).
 */
export function validArb(node: Schema, edgy: boolean, root: Schema = node, depth = 0): fc.Arbitrary<Json> {
  const n = deref(node, root);
  if (Array.isArray(n["enum"])) return fc.constantFrom(...(n["enum"] as string[]));
  const type = n["type"] ?? (n["properties"] !== undefined ? "object" : undefined);
  switch (type) {
    case "object": {
      const properties = (n["properties"] ?? {}) as Record<string, Schema>;
      const required = (n["required"] ?? []) as string[];
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [key, child] of Object.entries(properties)) {
        // keep deep optional structure rare, so payloads stay small
        if (depth > 4 && !required.includes(key)) continue;
        model[key] = validArb(child, edgy, root, depth + 1);
      }
      return fc.record(model, { requiredKeys: required.filter((k) => k in model) }) as fc.Arbitrary<Json>;
    }
    case "array": {
      const minLength = (n["minItems"] as number | undefined) ?? 0;
      const maxLength = Math.max(minLength, Math.min((n["maxItems"] as number | undefined) ?? 3, 3));
      return fc.array(validArb(n["items"] as Schema, edgy, root, depth + 1), { minLength, maxLength });
    }
    case "string":
      if (n["format"] === "date-time") return dateTimeArb;
      if (n["format"] === "uri") return uriArb;
      return stringArb((n["maxLength"] as number | undefined) ?? 60, edgy);
    case "integer":
      return numberArb(n, true);
    case "number":
      return numberArb(n, false);
    case "boolean":
      return fc.boolean();
    default:
      // an unconstrained value (DataTransfer `data` and the like)
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  }
}

/** Both kinds of valid values, half and half. */
export function anyValidArb(schema: Schema): fc.Arbitrary<Json> {
  return fc.oneof(validArb(schema, false), validArb(schema, true));
}

/**
 * True when `value` holds a property its schema does not declare, or a declared one without any constraint: the
 * cases the generated encoders leave to `JSON.stringify`.
 */
export function hasUndeclaredOrUnconstrained(value: unknown, node: Schema, root: Schema = node): boolean {
  const n = deref(node, root);
  if (Array.isArray(value)) {
    const items = n["items"] as Schema | undefined;
    return items !== undefined && value.some((v) => hasUndeclaredOrUnconstrained(v, items, root));
  }
  if (typeof value !== "object" || value === null) return false;
  const properties = (n["properties"] ?? {}) as Record<string, Schema>;
  for (const key in value) {
    const child = properties[key];
    if (child === undefined || !Object.hasOwn(properties, key)) return true;
    const c = deref(child, root);
    if (c["type"] === undefined && c["enum"] === undefined && c["properties"] === undefined) return true;
    if (hasUndeclaredOrUnconstrained((value as Record<string, unknown>)[key], child, root)) return true;
  }
  return false;
}

/**
 * Deep equality that `JSON.parse` results must meet: the same keys in the same order, numbers equal by
 * `Object.is` (so -0 is not 0), strings equal code unit for code unit.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b);
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => sameJson(ra[k], rb[k]));
}

/** Deep equality up to the order of object keys (for JSON written in schema order). */
export function sameJsonAnyOrder(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b);
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJsonAnyOrder(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).sort();
  const kb = Object.keys(rb).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJsonAnyOrder(ra[k], rb[k]));
}
