/**
 * zod building blocks the generated schemas use, with the same semantics as the generated validators (code-point
 * string lengths, RFC 3339 / RFC 3986 formats, JSON Schema integers, tolerant `multipleOf`).
 *
 * @internal
 * @module
 */
import { z } from "zod";
import { isDateTime, isUri } from "./formats.js";
import { codePointLength, isMultipleOf } from "./runtime.js";

/** A string with an optional maximum length (code points) and format. */
export function zodString(options: { maxLength?: number; format?: "date-time" | "uri" } = {}): z.ZodType<string> {
  let schema: z.ZodType<string> = z.string();
  const { maxLength, format } = options;
  if (maxLength !== undefined) {
    schema = schema.refine((s) => codePointLength(s) <= maxLength, { message: `at most ${maxLength} characters` });
  }
  if (format === "date-time") schema = schema.refine(isDateTime, { message: "must be an RFC 3339 date-time" });
  if (format === "uri") schema = schema.refine(isUri, { message: "must be an absolute URI" });
  return schema;
}

interface NumberOptions {
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
}

/** A finite number with optional bounds and a tolerant `multipleOf`. */
export function zodNumber(options: NumberOptions = {}): z.ZodType<number> {
  let schema: z.ZodType<number> = z.number();
  const { minimum, maximum, multipleOf } = options;
  if (minimum !== undefined) schema = schema.refine((n) => n >= minimum, { message: `at least ${minimum}` });
  if (maximum !== undefined) schema = schema.refine((n) => n <= maximum, { message: `at most ${maximum}` });
  if (multipleOf !== undefined) {
    schema = schema.refine((n) => isMultipleOf(n, multipleOf), { message: `a multiple of ${multipleOf}` });
  }
  return schema;
}

/** A JSON Schema integer (any number without a fraction, not limited to the safe-integer range). */
export function zodInteger(options: NumberOptions = {}): z.ZodType<number> {
  return zodNumber(options).refine(Number.isInteger, { message: "must be an integer" });
}

/**
 * The generated schemas are assembled from these untyped builders and cast once to their payload type: zod's full
 * static types for several hundred message schemas would cost tsc seconds and gigabytes. That the schemas match
 * the types is proven by the schema cross-check test (zod, the generated validators and ajv on the raw OCA files
 * must agree on every sample).
 */
type AnySchema = z.ZodType<unknown>;

/** An object schema; `closed` forbids properties beyond `shape` (`additionalProperties: false`). */
export function zodObject(shape: Record<string, AnySchema>, closed: boolean): AnySchema {
  return closed ? z.strictObject(shape) : z.looseObject(shape);
}

/** An optional property: absent is fine, `undefined` and `null` are not. */
export function zodOptional(schema: AnySchema): AnySchema {
  return schema.exactOptional();
}

/** An array with optional length bounds. */
export function zodArray(items: AnySchema, minItems?: number, maxItems?: number): AnySchema {
  let schema = z.array(items);
  if (minItems !== undefined) schema = schema.min(minItems);
  if (maxItems !== undefined) schema = schema.max(maxItems);
  return schema;
}

/** One of the listed strings. */
export function zodEnum(values: readonly [string, ...string[]]): AnySchema {
  return z.enum(values);
}

/** A boolean. */
export function zodBoolean(): AnySchema {
  return z.boolean();
}

/** Any JSON value. */
export function zodAny(): AnySchema {
  return z.unknown();
}
