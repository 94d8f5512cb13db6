import { HOUR, MINUTE, StationId, TransactionId, unwrap, type WattHours } from "@chargekit/core";
import type { TransactionRecord } from "@chargekit/ocpp";
import { parseOcpiTariff } from "@chargekit/payments";
import { describe, expect, it } from "vitest";
import { TEST_TARIFF } from "../testing/csms-harness.js";
import { priceTransaction, samplesOf, storedCostOf } from "./session-pricing.js";
import { loadTariffs } from "./tariff-book.js";

const t0 = Date.parse("2026-03-02T09:00:00Z");
const wh = (n: number) => n as WattHours;

function record(partial: Partial<TransactionRecord>): TransactionRecord {
  return {
    stationId: StationId.of("CP-1"),
    id: TransactionId.of("1"),
    family: "1.6",
    started: true,
    ended: true,
    startedAt: t0,
    energyWh: 0,
    seqNos: [],
    complete: true,
    offline: false,
    sampleCount: 0,
    newest: { at: t0 },
    revision: 1,
    ...partial,
  };
}

describe("session pricing", () => {
  const tariff = unwrap(parseOcpiTariff(TEST_TARIFF));

  it("prices the registers from the start to the stop, whatever order the samples came in", () => {
    const tx = record({ meterStartWh: wh(1_000), meterStopWh: wh(12_000), endedAt: t0 + HOUR, energyWh: 11_000 });
    const samples = [
      { at: t0 + 40 * MINUTE, context: "Sample.Periodic" as const, energyWh: wh(8_000) },
      { at: t0 + 20 * MINUTE, context: "Sample.Periodic" as const, energyWh: wh(4_000) },
    ];
    expect(samplesOf(tx, samples, t0 + HOUR).map((s) => [s.at - t0, s.energyWh])).toEqual([
      [0, 1_000],
      [20 * MINUTE, 4_000],
      [40 * MINUTE, 8_000],
      [HOUR, 12_000],
    ]);
    // 11 kWh × 0.40 = 4.40, + 19 % VAT = 5.236 → 5.24
    expect(storedCostOf(priceTransaction(tariff, tx, samples, "Europe/Berlin"))).toEqual({
      currency: "EUR",
      exclVat: "4.40",
      inclVat: "5.24",
    });
  });

  it("prices a session whose last reading is stamped after its stop (as at the stop)", () => {
    const tx = record({ meterStartWh: wh(0), meterStopWh: wh(537), endedAt: t0 + HOUR, energyWh: 537 });
    const late = [{ at: t0 + HOUR + 1, context: "Transaction.End" as const, energyWh: wh(537) }];
    expect(samplesOf(tx, late, t0 + HOUR).map((s) => [s.at - t0, s.energyWh])).toEqual([
      [0, 0],
      [HOUR, 537],
    ]);
    expect(storedCostOf(priceTransaction(tariff, tx, late, "Europe/Berlin")).exclVat).toBe("0.21");
  });

  it("never lets a register go backwards, and prices a session without registers at zero energy", () => {
    const tx = record({ meterStartWh: wh(5_000), meterStopWh: wh(6_000), endedAt: t0 + HOUR });
    const glitch = [{ at: t0 + 10 * MINUTE, context: "Sample.Periodic" as const, energyWh: wh(7_000) }];
    expect(samplesOf(tx, glitch, t0 + HOUR).map((s) => s.energyWh)).toEqual([5_000, 7_000, 7_000]);
    const empty = record({ endedAt: t0 + HOUR });
    expect(samplesOf(empty, [], t0 + HOUR)).toEqual([
      { at: t0, energyWh: 0 },
      { at: t0 + HOUR, energyWh: 0 },
    ]);
    expect(storedCostOf(priceTransaction(tariff, empty, [], "UTC"))).toEqual({
      currency: "EUR",
      exclVat: "0.00",
      inclVat: "0.00",
    });
  });

  it("reads inline tariffs and refuses a site that names one that is missing", async () => {
    const sites = [{ id: "s", name: "S", tariffId: TEST_TARIFF.id }] as never;
    expect([...(await loadTariffs({ tariffs: { inline: [TEST_TARIFF] }, sites })).keys()]).toEqual(["test-energy"]);
    await expect(loadTariffs({ tariffs: { inline: [] }, sites })).rejects.toThrow(
      'sites[0].tariffId: no tariff "test-energy"',
    );
    await expect(
      loadTariffs({ tariffs: { file: "/nonexistent/tariffs.json", inline: [] }, sites: [] }),
    ).rejects.toThrow(/^tariffs\.file \/nonexistent\/tariffs\.json: ENOENT/);
  });
});
