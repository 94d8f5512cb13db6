import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonString } from "./json-text.js";

describe("jsonString", () => {
  it("writes exactly what JSON.stringify writes, for any string", () => {
    const special = fc.constantFrom(
      '"',
      "\\",
      "\u0000",
      "\u001f",
      "\n",
      "\u2028",
      "\ud800",
      "\udfff",
      "😀",
      "é",
      "\u007f",
    );
    const unit = fc.oneof(special, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 80 }), (units) => {
        const s = units.join("");
        expect(jsonString(s)).toBe(JSON.stringify(s));
      }),
      { numRuns: 3000 },
    );
  });
});
