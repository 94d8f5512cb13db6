/**
 * Helpers the generated validators call. Kept tiny and allocation-free on the valid path.
 *
 * @internal
 * @module
 */
import { MULTIPLE_OF_TOLERANCE } from "./tolerance.js";
import type { Violation, ViolationKind } from "./violation.js";

export { isDateTime, isUri } from "./formats.js";
export type { Violation } from "./violation.js";

/** Length in Unicode code points (JSON Schema `maxLength` counts these, not UTF-16 units). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** `multipleOf` with a relative tolerance, so 8.1 counts as a multiple of 0.1. */
export function isMultipleOf(value: number, step: number): boolean {
  const q = value / step;
  return Math.abs(q - Math.round(q)) <= MULTIPLE_OF_TOLERANCE * Math.max(1, Math.abs(q));
}

/** Builds a violation record (collect mode only). */
export function violation(kind: ViolationKind, path: string, expected: unknown): Violation {
  return { kind, path, expected };
}

/** A `null` optional property; `drop` deletes it when the station's relaxation policy allows nulls. */
export function nullViolation(path: string, holder: Record<string, unknown>, key: string): Violation {
  return {
    kind: "nullValue",
    path,
    expected: "absent",
    drop: () => {
      delete holder[key];
    },
  };
}

/** Escapes a property name for a JSON pointer (RFC 6901). */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
