import { describe, expect, it } from "vitest";
import {
  V16_CONNECTOR_ZERO_STATUSES,
  V16_CONNECTOR_ZERO_TRANSITIONS,
  V16_STATUSES,
  V16_TRANSITIONS,
  v16TransitionCode,
} from "./v16-status.js";

// The matrix of OCPP 1.6 ed.2 §4.9 (with errata v3.0 §3.20's B6) typed out again, row by row, as printed in the
// spec: rows A..I are the states left, columns 1..9 the states entered, "-" where no transition exists. The table
// in the source is checked against this independent transcription.
const SPEC_MATRIX = [
  "A: -  A2 A3 A4 A5 -  A7 A8 A9",
  "B: B1 -  B3 B4 B5 B6 -  -  B9",
  "C: C1 -  -  C4 C5 C6 -  C8 C9",
  "D: D1 -  D3 -  D5 D6 -  D8 D9",
  "E: E1 -  E3 E4 -  E6 -  E8 E9",
  "F: F1 F2 -  -  -  -  -  F8 F9",
  "G: G1 G2 -  -  -  -  -  G8 G9",
  "H: H1 H2 H3 H4 H5 -  -  -  H9",
  "I: I1 I2 I3 I4 I5 I6 I7 I8 - ",
];

describe("the OCPP 1.6 status transition table", () => {
  it("matches the spec's matrix cell by cell (53 transitions, B6 included)", () => {
    const fromMatrix = new Map<string, string>();
    SPEC_MATRIX.forEach((row, r) => {
      const cells = row.slice(3).trim().split(/\s+/);
      expect(cells).toHaveLength(9);
      cells.forEach((cell, c) => {
        const from = V16_STATUSES[r];
        const to = V16_STATUSES[c];
        if (cell !== "-" && from !== undefined && to !== undefined) fromMatrix.set(cell, `${from}>${to}`);
      });
    });
    const fromTable = new Map(Object.entries(V16_TRANSITIONS).map(([code, t]) => [code, `${t.from}>${t.to}`]));
    expect(fromTable).toEqual(fromMatrix);
    expect(fromTable.size).toBe(53);
    expect(V16_TRANSITIONS.B6).toMatchObject({ from: "Preparing", to: "Finishing" });
  });

  it("codes follow the spec's naming: row letter = state left, digit = state entered", () => {
    for (const [code, t] of Object.entries(V16_TRANSITIONS)) {
      expect(V16_STATUSES["ABCDEFGHI".indexOf(code[0] ?? "")]).toBe(t.from);
      expect(V16_STATUSES[Number(code.slice(1)) - 1]).toBe(t.to);
    }
  });

  it("looks transitions up by pair; unlisted pairs and repeats are not transitions", () => {
    expect(v16TransitionCode("Available", "Preparing", 1)).toBe("A2");
    expect(v16TransitionCode("Finishing", "Charging", 1)).toBeUndefined();
    expect(v16TransitionCode("Charging", "Charging", 1)).toBeUndefined();
    expect(v16TransitionCode("Reserved", "Charging", 3)).toBeUndefined();
  });

  it("connector 0 only moves among Available, Unavailable and Faulted", () => {
    for (const from of V16_STATUSES) {
      for (const to of V16_STATUSES) {
        const code = v16TransitionCode(from, to, 0);
        const inSubset = V16_CONNECTOR_ZERO_STATUSES.includes(from) && V16_CONNECTOR_ZERO_STATUSES.includes(to);
        expect(code !== undefined, `${from} -> ${to}`).toBe(inSubset && from !== to);
      }
    }
    expect([...V16_CONNECTOR_ZERO_TRANSITIONS].sort()).toEqual(["A8", "A9", "H1", "H9", "I1", "I8"]);
  });
});
