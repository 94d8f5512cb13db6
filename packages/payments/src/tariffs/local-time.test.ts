import { HOUR, MINUTE } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { checkTimeZone, localTime, wallClockBoundaries } from "./local-time.js";

describe("local time", () => {
  it("reads the wall clock, weekday and offset in a zone", () => {
    const t = Date.parse("2024-03-31T00:59:59Z"); // 01:59:59 CET, Sunday
    expect(localTime(t, "Europe/Amsterdam")).toEqual({
      date: "2024-03-31",
      minutes: 119,
      day: "SUNDAY",
      offsetMinutes: 60,
    });
    expect(localTime(t + 1000, "Europe/Amsterdam").minutes).toBe(180); // 03:00 CEST: 02:00–03:00 does not exist
    expect(localTime(Date.parse("2024-06-15T12:00:00Z"), "Asia/Kathmandu").offsetMinutes).toBe(345);
  });

  it("finds wall-clock boundaries across a DST change, including the change itself", () => {
    const from = Date.parse("2024-03-30T23:00:00Z");
    const to = from + 6 * HOUR;
    const cuts = wallClockBoundaries(from, to, "Europe/Amsterdam", [2 * 60 + 30, 3 * 60]);
    // 01:00Z is the DST change (02:00 CET → 03:00 CEST); 03:00 local is that same instant; 02:30 local never occurs
    expect(cuts).toContain(Date.parse("2024-03-31T01:00:00Z"));
    for (const c of cuts) expect(c).toBeGreaterThan(from);
    // every instant where the local minute-of-day crosses 03:00 or midnight is present
    const crossings: number[] = [];
    for (let t = from + MINUTE; t < to; t += MINUTE) {
      const before = localTime(t - MINUTE, "Europe/Amsterdam");
      const now = localTime(t, "Europe/Amsterdam");
      const crossed = (w: number) => before.minutes < w && now.minutes >= w;
      if (crossed(180) || now.date !== before.date) crossings.push(t);
    }
    for (const c of crossings) expect(cuts).toContain(c);
  });

  it("handles the autumn change, when an hour repeats", () => {
    const from = Date.parse("2024-10-27T00:00:00Z");
    const cuts = wallClockBoundaries(from, from + 3 * HOUR, "Europe/Amsterdam", [2 * 60 + 30]);
    // 02:30 local happens twice: at 00:30Z (CEST) and 01:30Z (CET)
    expect(cuts).toEqual(
      expect.arrayContaining([Date.parse("2024-10-27T00:30:00Z"), Date.parse("2024-10-27T01:30:00Z")]),
    );
  });

  it("refuses unknown time zones", () => {
    expect(() => checkTimeZone("Mars/Olympus")).toThrow('unknown time zone "Mars/Olympus"');
  });
});
