import { MINUTE, SiteId, StationId, silentLogger, TransactionId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { CommandFailure, type CommandResult, type SetChargingProfileRequest } from "@chargekit/ocpp";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { createEvseDirectory } from "../sites/evse-directory.js";
import { createSiteLimitsBook } from "../sites/site-limits.js";
import { DrBook } from "./dr-book.js";
import { createLoadManager } from "./load-manager.js";

type Status = "Accepted" | "Rejected" | "NotSupported";
type Answer = Status | "TIMEOUT";

function config(gridAmps: number): Config {
  const loaded = validateConfig({
    stations: [
      { id: "CP-1", maxCurrent: 32 },
      { id: "CP-2", maxCurrent: 32 },
      { id: "CP-3", maxCurrent: 16, phases: 1 },
    ],
    sites: [
      {
        id: "site",
        name: "Site",
        gridLimit: { L1: gridAmps, L2: gridAmps, L3: gridAmps },
        stations: ["CP-1", "CP-2", "CP-3"],
      },
    ],
    loadManagement: { debounceMs: 1000, retryMs: 30_000, safeStartCurrentA: 6 },
  });
  if (!loaded.ok) throw loaded.error;
  return loaded.value.config;
}

function harness(gridAmps: number, answers: (stationId: string) => Answer = () => "Accepted") {
  const cfg = config(gridAmps);
  const clock = createManualClock(Date.UTC(2026, 4, 4, 8));
  const directory = createEvseDirectory(cfg);
  const limits = createSiteLimitsBook(cfg.sites);
  const dr = new DrBook();
  const sent: { stationId: string; request: SetChargingProfileRequest; answer: Answer }[] = [];
  const manager = createLoadManager({
    directory,
    limits,
    demandResponse: dr,
    settings: cfg.loadManagement,
    clock,
    logger: silentLogger,
    run: async (_key, _what, task) => task(),
    commands: {
      async setChargingProfile(stationId, request): Promise<CommandResult<{ status: Status }>> {
        const answer = answers(stationId);
        sent.push({ stationId, request, answer });
        if (answer === "TIMEOUT") {
          return { ok: false, error: new CommandFailure("TIMEOUT", stationId, "no answer") };
        }
        return { ok: true, value: { status: answer } };
      },
    },
  });
  const site = SiteId.of("site");
  const start = (station: string, tx: string, evseId = 1) =>
    manager.sessionStarted({
      stationId: StationId.of(station),
      transactionId: TransactionId.of(tx),
      evseId,
      startedAt: clock.now(),
    });
  const txProfiles = () => sent.filter((s) => s.request.target.purpose === "TxProfile");
  const lastLimit = (station: string): number | undefined =>
    txProfiles()
      .filter((s) => s.stationId === station)
      .at(-1)?.request.schedule.periods[0]?.limit;
  return { clock, manager, limits, dr, sent, site, start, txProfiles, lastLimit };
}

describe("load manager", () => {
  it("rebalances once per burst after the debounce; the sum of the limits stays within the grid limit", async () => {
    const h = harness(20);
    h.start("CP-1", "1");
    h.start("CP-2", "2");
    expect(h.txProfiles()).toEqual([]);
    await h.clock.advanceAsync(1000);
    expect(
      h
        .txProfiles()
        .map((s) => s.stationId)
        .sort(),
    ).toEqual(["CP-1", "CP-2"]);
    const sum = (h.lastLimit("CP-1") ?? 0) + (h.lastLimit("CP-2") ?? 0);
    expect(sum).toBeLessThanOrEqual(20);
    expect(sum).toBeGreaterThan(19.5);
    expect(h.txProfiles()[0]?.request.target).toMatchObject({ purpose: "TxProfile", kind: "Relative", stackLevel: 1 });
    expect(h.manager.lastRound(h.site)?.reason).toBe("session started");
    h.manager.close();
  });

  it("does not resend an increase below the hysteresis, and always sends a decrease", async () => {
    const h = harness(20);
    h.start("CP-1", "1");
    h.start("CP-2", "2");
    await h.clock.advanceAsync(1000);
    const before = h.txProfiles().length;
    h.limits.set(h.site, { gridLimit: { L1: 20.6, L2: 20.6, L3: 20.6 }, nodes: [] }); // +0.3 A each
    await h.clock.advanceAsync(1000);
    expect(h.txProfiles().length).toBe(before);
    h.limits.set(h.site, { gridLimit: { L1: 16, L2: 16, L3: 16 }, nodes: [] });
    await h.clock.advanceAsync(1000);
    expect(h.txProfiles().length).toBe(before + 2);
    expect((h.lastLimit("CP-1") ?? 0) + (h.lastLimit("CP-2") ?? 0)).toBeLessThanOrEqual(16);
    h.manager.close();
  });

  it("runs each round on the tree of the limits in force: a change and a change back are both picked up", async () => {
    const h = harness(20);
    h.start("CP-1", "1");
    h.start("CP-2", "2");
    await h.clock.advanceAsync(1000);
    const sum = () => (h.lastLimit("CP-1") ?? 0) + (h.lastLimit("CP-2") ?? 0);
    expect(sum()).toBeGreaterThan(19.5);
    h.limits.set(h.site, { gridLimit: { L1: 12, L2: 12, L3: 12 }, nodes: [] });
    await h.clock.advanceAsync(1000);
    expect(sum()).toBeLessThanOrEqual(12);
    expect(h.manager.lastRound(h.site)?.limitW).toBe(12 * 3 * 230);
    h.manager.request(h.site, "nothing changed"); // a round on the same tree
    await h.clock.advanceAsync(1000);
    expect(sum()).toBeLessThanOrEqual(12);
    h.limits.set(h.site, { gridLimit: { L1: 20, L2: 20, L3: 20 }, nodes: [] });
    await h.clock.advanceAsync(1000);
    expect(sum()).toBeGreaterThan(19.5);
    expect(sum()).toBeLessThanOrEqual(20);
    h.manager.close();
  });

  it("retries a station that did not answer, and counts a station that rejects profiles at its maximum", async () => {
    let cp2: Answer = "TIMEOUT";
    const h = harness(40, (station) => (station === "CP-2" ? cp2 : "Accepted"));
    h.start("CP-1", "1");
    h.start("CP-2", "2");
    await h.clock.advanceAsync(1000);
    expect(h.lastLimit("CP-1")).toBe(20);
    const timeouts = h.txProfiles().filter((s) => s.stationId === "CP-2").length;
    await h.clock.advanceAsync(30_000 + 1000);
    expect(h.txProfiles().filter((s) => s.stationId === "CP-2").length).toBe(timeouts + 1);
    cp2 = "Rejected";
    await h.clock.advanceAsync(30_000 + 1000);
    await h.clock.advanceAsync(30_000 + 2000);
    // after two rejections CP-2's session counts at 32 A: CP-1 gets what is left of the 40 A
    expect(h.manager.lastRound(h.site)?.uncontrolled).toEqual(["CP-2|2"]);
    expect(h.lastLimit("CP-1")).toBe(8);
    h.manager.close();
  });

  it("a station without smart charging is uncontrolled until it boots again", async () => {
    let supported = false;
    const h = harness(40, (station) => (station === "CP-2" && !supported ? "NotSupported" : "Accepted"));
    h.start("CP-1", "1");
    h.start("CP-2", "2");
    await h.clock.advanceAsync(2000);
    expect(h.manager.lastRound(h.site)?.uncontrolled).toEqual(["CP-2|2"]);
    supported = true;
    h.manager.stationReset(StationId.of("CP-2"), true);
    await h.clock.advanceAsync(1000);
    expect(h.sent.some((s) => s.stationId === "CP-2" && s.request.target.purpose === "TxDefaultProfile")).toBe(true);
    expect(h.manager.lastRound(h.site)?.uncontrolled).toEqual([]);
    expect(h.lastLimit("CP-2")).toBe(20);
    h.manager.close();
  });

  it("a demand-response event lowers the profiles when it starts and the report credits the shed energy", async () => {
    const h = harness(63);
    h.start("CP-1", "1");
    h.start("CP-2", "2");
    await h.clock.advanceAsync(1000);
    expect(h.lastLimit("CP-1")).toBe(31.5);
    const start = h.clock.now() + 10 * MINUTE;
    h.dr.add({
      id: "dso-1",
      siteId: h.site,
      nodeId: "site",
      start,
      end: start + 60 * MINUTE,
      signal: { capKw: 11 },
      direction: "import",
      source: "test",
      createdAt: h.clock.now(),
    });
    await h.clock.advanceAsync(10 * MINUTE);
    const limit = h.lastLimit("CP-1") ?? 0;
    expect(limit).toBeLessThanOrEqual(8);
    expect(h.manager.lastRound(h.site)?.limitW).toBe(11_000);
    await h.clock.advanceAsync(30 * MINUTE);
    const report = h.dr.get("dso-1");
    expect(report?.compliant).toBe(true);
    // shed = (2 × 31.5 A − what runs now) × 230 V × 3 phases, for 30 minutes (refresh rounds every 5 min)
    const shedW = report?.latest?.shed ?? 0;
    expect(report?.energyShedWh).toBeCloseTo((shedW * 30) / 60, 3);
    await h.clock.advanceAsync(30 * MINUTE);
    expect(h.lastLimit("CP-1")).toBe(31.5);
    expect(h.dr.get("dso-1")?.energyShedWh).toBeCloseTo(shedW, 3);
    h.manager.close();
  });

  it("an EV that draws clearly less than offered is capped at what it draws, the rest goes to the other", async () => {
    const h = harness(32);
    h.start("CP-1", "1");
    h.start("CP-2", "2");
    await h.clock.advanceAsync(1000);
    expect(h.lastLimit("CP-1")).toBe(16);
    h.manager.metered(StationId.of("CP-1"), TransactionId.of("1"), {
      at: h.clock.now(),
      context: "Sample.Periodic",
      currentA: { L1: 10, L2: 10, L3: 10 },
    });
    await h.clock.advanceAsync(1000);
    expect(h.lastLimit("CP-1")).toBe(11);
    expect(h.lastLimit("CP-2")).toBe(21);
    // it draws what it gets: the cap is lifted and both share again
    h.manager.metered(StationId.of("CP-1"), TransactionId.of("1"), {
      at: h.clock.now(),
      context: "Sample.Periodic",
      currentA: { L1: 10.8, L2: 10.8, L3: 10.8 },
    });
    await h.clock.advanceAsync(1000);
    expect(h.lastLimit("CP-1")).toBe(16);
    h.manager.close();
  });

  it("samples each site's power against its limit", async () => {
    const h = harness(20);
    h.start("CP-1", "1");
    await h.clock.advanceAsync(1000);
    h.manager.metered(StationId.of("CP-1"), TransactionId.of("1"), {
      at: h.clock.now(),
      context: "Sample.Periodic",
      powerW: 11_000,
    });
    await h.clock.advanceAsync(MINUTE);
    const [sample] = h.manager.history.of(h.site);
    // 11 kW on three phases is 15.9 A of the 20 A offered: the EV is capped at 17 A
    expect(sample).toMatchObject({ measuredW: 11_000, allocatedW: 17 * 230 * 3, limitW: 20 * 230 * 3 });
    h.manager.close();
  });
});
