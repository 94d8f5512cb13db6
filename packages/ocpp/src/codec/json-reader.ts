/**
 * The reading primitives of the generated payload parsers (`codegen/emit-parser.ts`): a cursor over the frame text
 * and readers for strings, numbers and booleans that build exactly what `JSON.parse` builds, or give up by
 * returning `undefined` (the caller then takes the `JSON.parse` path). They only read compact JSON: no whitespace,
 * no string escapes.
 *
 * @internal
 * @module
 */

/** A cursor: the text and the index of the next character to read. @internal */
export class JsonReader {
  /** The whole text. */
  s: string;
  /** Index of the next character. */
  i: number;

  constructor(s: string, i: number) {
    this.s = s;
    this.i = i;
  }
}

/**
 * Index of the quote that closes the JSON string opening at `s[start]` (a quote), or -1 when the string holds an
 * escape or a control character, or is not closed. Between the quotes every other UTF-16 code unit, lone
 * surrogates included, stands for itself, as in `JSON.parse`.
 */
export function stringEnd(s: string, start: number): number {
  const n = s.length;
  for (let j = start + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x22) return j;
    if (c === 0x5c || c < 0x20) return -1;
  }
  return -1;
}

/**
 * Shortest substring V8 represents as a view into its parent (`SlicedString::kMinLength`): such a view keeps the
 * whole parent alive, so a message id or an id token remembered for hours would pin its whole frame.
 */
const SHORTEST_VIEW = 13;

/**
 * The content of the JSON string literal `s[open…close]` (quotes included, no escapes inside) as a string of its own,
 * as `JSON.parse` would give it: short ones are copied by `slice` anyway; longer ones are copied by `JSON.parse` of
 * the literal rather than sliced, so they never hold on to `s`.
 */
export function ownString(s: string, open: number, close: number): string {
  if (close - open - 1 < SHORTEST_VIEW) return s.slice(open + 1, close);
  return JSON.parse(s.slice(open, close + 1)) as string;
}

/** The JSON string at `r.i` (no escapes), or undefined. */
export function readString(r: JsonReader): string | undefined {
  const s = r.s;
  const start = r.i;
  if (s.charCodeAt(start) !== 0x22) return undefined;
  const end = stringEnd(s, start);
  if (end < 0) return undefined;
  r.i = end + 1;
  return ownString(s, start, end);
}

/** `true` or `false` at `r.i`, or undefined. */
export function readBoolean(r: JsonReader): boolean | undefined {
  const s = r.s;
  const i = r.i;
  const c = s.charCodeAt(i);
  if (c === 0x74 && s.charCodeAt(i + 1) === 0x72 && s.charCodeAt(i + 2) === 0x75 && s.charCodeAt(i + 3) === 0x65) {
    r.i = i + 4;
    return true;
  }
  if (
    c === 0x66 &&
    s.charCodeAt(i + 1) === 0x61 &&
    s.charCodeAt(i + 2) === 0x6c &&
    s.charCodeAt(i + 3) === 0x73 &&
    s.charCodeAt(i + 4) === 0x65
  ) {
    r.i = i + 5;
    return false;
  }
  return undefined;
}

/** Exact powers of ten, as literals (each up to 1e22 is a double without rounding). */
const POWERS_OF_TEN = new Float64Array([
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
]);

/** Most significant digits whose integer value is exact in a double (10^15 < 2^53). */
const EXACT_DIGITS = 15;

/**
 * The JSON number at `r.i` (RFC 8259 §6 grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`), with
 * the value `JSON.parse` gives it: up to 15 significant digits without an exponent it is computed as an exact
 * integer divided by an exact power of ten, one correctly rounded operation (Clinger's fast path); anything else
 * goes through `Number()` of the literal, which rounds correctly as `JSON.parse` does. Undefined when the text
 * there is not a JSON number. What follows the number is the caller's to check.
 */
export function readNumber(r: JsonReader): number | undefined {
  const s = r.s;
  const start = r.i;
  let i = start;
  let c = s.charCodeAt(i);
  const negative = c === 0x2d;
  if (negative) c = s.charCodeAt(++i);
  let mantissa = 0;
  let digits = 0;
  if (c === 0x30) {
    c = s.charCodeAt(++i);
  } else if (c >= 0x31 && c <= 0x39) {
    do {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      c = s.charCodeAt(++i);
    } while (c >= 0x30 && c <= 0x39);
  } else {
    return undefined;
  }
  let scale = 0;
  if (c === 0x2e) {
    c = s.charCodeAt(++i);
    if (!(c >= 0x30 && c <= 0x39)) return undefined;
    do {
      mantissa = mantissa * 10 + (c - 0x30);
      scale++;
      c = s.charCodeAt(++i);
    } while (c >= 0x30 && c <= 0x39);
  }
  if (c === 0x65 || c === 0x45) {
    c = s.charCodeAt(++i);
    if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++i);
    if (!(c >= 0x30 && c <= 0x39)) return undefined;
    do c = s.charCodeAt(++i);
    while (c >= 0x30 && c <= 0x39);
    r.i = i;
    return Number(s.slice(start, i));
  }
  r.i = i;
  if (digits + scale > EXACT_DIGITS) return Number(s.slice(start, i));
  const value = scale === 0 ? mantissa : mantissa / (POWERS_OF_TEN[scale] ?? Number.NaN);
  return negative ? -value : value;
}
