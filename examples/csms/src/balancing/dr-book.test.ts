import { HOUR, MINUTE, SiteId } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { DrBook, type DrEventRecord, drStatus, effectiveEnd, MAX_DR_EVENTS_PER_SITE } from "./dr-book.js";

const site = SiteId.of("depot");
const t0 = Date.UTC(2026, 10, 21, 17);
const event = (id: string, start = t0, end = t0 + HOUR): DrEventRecord => ({
  id,
  siteId: site,
  nodeId: "depot",
  start,
  end,
  signal: { capKw: 50 },
  direction: "import",
  source: "test",
  createdAt: t0 - HOUR,
});
const sample = (start: number, shed: number) => ({ start, baseline: 80_000, actual: 80_000 - shed, shed, cap: 50_000 });

describe("demand-response book", () => {
  it("credits each round's shed power until the next round or the end, and follows a cancellation", () => {
    const book = new DrBook();
    book.add(event("e1"));
    const report = (at: number, shed: number, compliant = true) =>
      book.recordRound(site, at, [
        { event: "e1", node: "depot", direction: "import", samples: [sample(at, shed)], energyShed: 0, compliant },
      ]);
    report(t0, 30_000);
    report(t0 + 30 * MINUTE, 20_000);
    expect(book.get("e1")?.energyShedWh).toBe(15_000);
    book.cancel("e1", t0 + 45 * MINUTE);
    book.recordRound(site, t0 + 45 * MINUTE, []);
    expect(book.get("e1")?.energyShedWh).toBe(15_000 + 5_000);
    expect(drStatus(book.get("e1")?.event ?? event("x"), t0 + 50 * MINUTE)).toBe("cancelled");
    expect(effectiveEnd(book.get("e1")?.event ?? event("x"))).toBe(t0 + 45 * MINUTE);
    expect(book.solverEvents(site, t0 + 46 * MINUTE)).toEqual([]);
    expect(book.get("e1")?.samples).toHaveLength(2);
  });

  it("a round outside the cap marks the report non-compliant; ids are unique; a cancelled future event never runs", () => {
    const book = new DrBook();
    book.add(event("e2"));
    book.recordRound(site, t0, [
      { event: "e2", node: "depot", direction: "import", samples: [sample(t0, 1)], energyShed: 0, compliant: false },
    ]);
    expect(book.get("e2")?.compliant).toBe(false);
    expect(() => book.add(event("e2"))).toThrow(expect.objectContaining({ code: "CONFLICT" }));
    book.add(event("later", t0 + 2 * HOUR, t0 + 3 * HOUR));
    book.cancel("later", t0 + HOUR);
    expect(drStatus(book.get("later")?.event ?? event("x"), t0 + HOUR)).toBe("cancelled");
    expect(book.solverEvents(site, t0 + HOUR).map((e) => e.id)).toEqual([]);
  });

  it("bounds the events a site may have that are not over", () => {
    const book = new DrBook();
    for (let i = 0; i < MAX_DR_EVENTS_PER_SITE; i++) book.add(event(`e${i}`, t0 + i * HOUR, t0 + (i + 1) * HOUR));
    expect(() => book.add(event("one-more", t0, t0 + HOUR))).toThrow(
      expect.objectContaining({ code: "LIMIT_EXCEEDED" }),
    );
  });
});
