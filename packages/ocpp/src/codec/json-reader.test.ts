import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonReader, ownString, readBoolean, readNumber, readString, stringEnd } from "./json-reader.js";
import { sameJson } from "./schema-arbitrary.test-util.js";

/** A JSON number literal from the RFC 8259 grammar, built piece by piece. */
const numberLiteral = fc
  .record({
    minus: fc.boolean(),
    int: fc.oneof(
      fc.constant("0"),
      fc
        .tuple(fc.integer({ min: 1, max: 9 }), fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: 25 }))
        .map(([a, b]) => `${a}${b}`),
    ),
    frac: fc.option(fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 25 }), {
      nil: undefined,
    }),
    exp: fc.option(
      fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.integer({ min: 0, max: 400 })),
      { nil: undefined },
    ),
  })
  .map(
    ({ minus, int, frac, exp }) =>
      `${minus ? "-" : ""}${int}${frac === undefined ? "" : `.${frac}`}${exp === undefined ? "" : `${exp[0]}${exp[1]}${exp[2]}`}`,
  );

describe("readNumber: the value JSON.parse gives", () => {
  it("for every double as JSON.stringify writes it", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        const text = JSON.stringify(d);
        const r = new JsonReader(text, 0);
        expect(sameJson(readNumber(r), JSON.parse(text))).toBe(true);
        expect(r.i).toBe(text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it("for every literal of the JSON grammar (long mantissas, exponents, -0, overflow to Infinity)", () => {
    fc.assert(
      fc.property(numberLiteral, (text) => {
        const r = new JsonReader(`${text},`, 0);
        expect(sameJson(readNumber(r), JSON.parse(text)), text).toBe(true);
        expect(r.i).toBe(text.length);
      }),
      { numRuns: 3000 },
    );
    for (const text of [
      "-0",
      "-0.0",
      "0e5",
      "1e400",
      "-1e400",
      "1E+2",
      "0.1e1",
      "9007199254740993",
      "123456789012345.6",
    ]) {
      expect(sameJson(readNumber(new JsonReader(text, 0)), JSON.parse(text)), text).toBe(true);
    }
  });

  it("reads no more than a JSON number: what follows is left for the caller", () => {
    for (const [text, value, end] of [
      ["01", 0, 1],
      ["-01", -0, 2],
      ["1.5.2", 1.5, 3],
      ["12}", 12, 2],
    ] as const) {
      const r = new JsonReader(text, 0);
      expect(sameJson(readNumber(r), value), text).toBe(true);
      expect(r.i, text).toBe(end);
    }
  });

  it("is undefined where no JSON number starts", () => {
    for (const text of [
      "",
      "-",
      "+1",
      ".5",
      "1.",
      "1.e5",
      "1e",
      "1e+",
      "-.5",
      "NaN",
      "Infinity",
      "-Infinity",
      "x",
      '"1"',
    ]) {
      expect(readNumber(new JsonReader(text, 0)), text).toBeUndefined();
    }
  });
});

describe("readString / readBoolean / stringEnd", () => {
  it("reads strings without escapes as JSON.parse does, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const text = `"${s}"`;
        const r = new JsonReader(text, 0);
        const quote = s.indexOf('"');
        const firstOther = Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)).findIndex(
          (c) => c === 0x5c || c < 0x20,
        );
        if (quote < 0 && firstOther < 0) {
          expect(readString(r)).toBe(JSON.parse(text));
          expect(r.i).toBe(text.length);
        } else if (quote < 0 || (firstOther >= 0 && firstOther < quote)) {
          // an escape or a control character before the end: left to JSON.parse
          expect(readString(r)).toBeUndefined();
        } else {
          // the string ends at the first quote, as in JSON
          expect(readString(r)).toBe(s.slice(0, quote));
          expect(r.i).toBe(quote + 2);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("gives up on an escape, a control character or an unterminated string", () => {
    for (const text of ['"a\\"b"', '"a\\u0041"', '"a\nb"', '"a\u0000"', '"abc', "abc", '"'] as const) {
      expect(readString(new JsonReader(text, 0)), JSON.stringify(text)).toBeUndefined();
    }
    expect(stringEnd('"ab"', 0)).toBe(3);
    expect(stringEnd('"a\\b"', 0)).toBe(-1);
  });

  it("copies long strings instead of keeping a view of the frame (same content either way)", () => {
    const frame = `["${"x".repeat(5)}","${"y".repeat(40)}"]`;
    expect(ownString(frame, 1, 7)).toBe("xxxxx");
    expect(ownString(frame, 9, 50)).toBe("y".repeat(40));
  });

  it("reads true and false only", () => {
    for (const [text, value] of [
      ["true", true],
      ["false", false],
    ] as const) {
      const r = new JsonReader(text, 0);
      expect(readBoolean(r)).toBe(value);
      expect(r.i).toBe(text.length);
    }
    for (const text of ["tru", "True", "fals", "null", "1", '"true"']) {
      expect(readBoolean(new JsonReader(text, 0)), text).toBeUndefined();
    }
  });
});
