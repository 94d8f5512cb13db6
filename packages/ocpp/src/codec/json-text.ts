/**
 * JSON text helpers for the specialised encoders: the same output as `JSON.stringify` for the values they are given,
 * without its generic machinery on the common path.
 *
 * @internal
 * @module
 */

/** Longest string checked here; a longer one goes to `JSON.stringify`, which scans faster than a JS loop. */
const SCAN_LIMIT = 64;

/**
 * `JSON.stringify(s)` for a string. Strings without a quote, backslash, control character or UTF-16 surrogate are
 * wrapped in quotes as they are; anything else (escapes, surrogate pairs, lone surrogates, which `JSON.stringify`
 * writes as `\udXXX`) goes through `JSON.stringify`.
 */
export function jsonString(s: string): string {
  const n = s.length;
  if (n > SCAN_LIMIT) return JSON.stringify(s);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** True when `JSON.stringify` would write what `value.toJSON()` returns rather than `value` itself. */
export function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}
