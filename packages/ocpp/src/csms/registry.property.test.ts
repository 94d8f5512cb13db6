/**
 * Properties of the registry under random message sequences, each against a checker that does not share its
 * code: the 1.6 status checks against a transcription of the spec matrix; transactions against a replay- and
 * order-free reference (the same messages once, in order).
 */
import { StationId } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { must, registryHarness } from "./harness.test-util.js";

const cp = StationId.of("CP-1");
const STATUSES = [
  "Available",
  "Preparing",
  "Charging",
  "SuspendedEV",
  "SuspendedEVSE",
  "Finishing",
  "Reserved",
  "Unavailable",
  "Faulted",
] as const;
type Status = (typeof STATUSES)[number];
// the spec's matrix again, as allowed "to" letters per "from" (1 = Available … 9 = Faulted)
const ALLOWED: Readonly<Record<Status, string>> = {
  Available: "2345789",
  Preparing: "134569",
  Charging: "145689",
  SuspendedEV: "135689",
  SuspendedEVSE: "134689",
  Finishing: "1289",
  Reserved: "1289",
  Unavailable: "123459",
  Faulted: "12345678",
};
const ZERO = new Set<Status>(["Available", "Unavailable", "Faulted"]);

function oracleRules(reports: readonly { connectorId: number; status: Status }[]): string[] {
  const last = new Map<number, Status>();
  const rules: string[] = [];
  for (const { connectorId, status } of reports) {
    if (connectorId === 0 && !ZERO.has(status)) rules.push("status.v16-connector-zero");
    const before = last.get(connectorId);
    if (before !== undefined && before !== status) {
      const legal = ALLOWED[before].includes(String(STATUSES.indexOf(status) + 1));
      const zeroOk = connectorId !== 0 || (ZERO.has(before) && ZERO.has(status));
      if (!legal || !zeroOk) rules.push("status.v16-transition");
    }
    last.set(connectorId, status);
  }
  return rules;
}

describe("registry properties", () => {
  it("1.6 status sequences: exactly the transitions the spec forbids are flagged, and the last status is kept", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ connectorId: fc.constantFrom(0, 1, 2), status: fc.constantFrom(...STATUSES) }), {
          maxLength: 30,
        }),
        async (reports) => {
          const h = registryHarness();
          const station = h.connect("ocpp1.6");
          await must(station.call("ocpp1.6", "BootNotification", { chargePointVendor: "A", chargePointModel: "B" }));
          for (const [i, r] of reports.entries()) {
            await must(
              station.call("ocpp1.6", "StatusNotification", {
                ...r,
                errorCode: "NoError",
                timestamp: new Date(Date.UTC(2026, 0, 1, 9, 0, i)).toISOString(),
              }),
            );
          }
          expect(h.of("protocol:violation").map((v) => v.rule)).toEqual(oracleRules(reports));
          for (const connectorId of [0, 1, 2]) {
            const lastReport = reports.filter((r) => r.connectorId === connectorId).at(-1);
            const seen = h.registry.view(cp)?.evses.find((e) => e.id === connectorId)?.connectors[0]?.v16Status;
            expect(seen).toBe(lastReport?.status);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  const wellFormed = fc.integer({ min: 1, max: 12 }).chain((updates) =>
    fc.record({
      updates: fc.constant(updates),
      increments: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: updates + 1, maxLength: updates + 1 }),
      order: fc.shuffledSubarray(
        Array.from({ length: updates + 2 }, (_, i) => i),
        { minLength: updates + 2, maxLength: updates + 2 },
      ),
      duplicates: fc.array(fc.integer({ min: 0, max: updates + 1 }), { maxLength: 8 }),
    }),
  );

  it("2.x: replays and any arrival order give the same transaction as the messages once in order", async () => {
    await fc.assert(
      fc.asyncProperty(wellFormed, async ({ updates, increments, order, duplicates }) => {
        let register = 10_000;
        const messages = Array.from({ length: updates + 2 }, (_, seqNo) => {
          if (seqNo > 0) register += increments[seqNo - 1] ?? 0;
          const eventType = seqNo === 0 ? "Started" : seqNo === updates + 1 ? "Ended" : "Updated";
          const context =
            seqNo === 0 ? "Transaction.Begin" : eventType === "Ended" ? "Transaction.End" : "Sample.Periodic";
          const timestamp = new Date(Date.UTC(2026, 0, 1, 8, seqNo)).toISOString();
          return {
            eventType,
            seqNo,
            triggerReason: seqNo === 0 ? "CablePluggedIn" : eventType === "Ended" ? "EVDeparted" : "MeterValuePeriodic",
            timestamp,
            transactionInfo: { transactionId: "tx-p" },
            ...(seqNo === 0 ? { evse: { id: 1, connectorId: 1 } } : {}),
            meterValue: [{ timestamp, sampledValue: [{ value: register, context }] }],
          } as const;
        });
        const deliver = async (sequence: readonly number[]) => {
          const h = registryHarness();
          const station = h.connect("ocpp2.0.1");
          await must(
            station.call("ocpp2.0.1", "BootNotification", {
              reason: "PowerUp",
              chargingStation: { vendorName: "A", model: "B" },
            }),
          );
          for (const i of sequence) {
            const m = messages[i];
            if (m !== undefined) await must(station.call("ocpp2.0.1", "TransactionEvent", m as never));
          }
          const [tx] = await h.registry.transactions.list({ stationId: cp });
          return {
            tx,
            samples: h.of("meter:sample").length,
            ended: h.of("transaction:ended").length,
            started: h.of("transaction:started").length,
          };
        };
        const reference = await deliver(messages.map((_, i) => i));
        const shuffled = [...order];
        for (const d of duplicates) shuffled.splice(Math.min(shuffled.length, d + 1), 0, d);
        const messy = await deliver(shuffled);
        expect(reference.tx).toMatchObject({ complete: true, energyWh: register - 10_000, sampleCount: updates + 2 });
        for (const key of [
          "energyWh",
          "complete",
          "seqNos",
          "sampleCount",
          "meterStartWh",
          "meterStopWh",
          "startedAt",
          "endedAt",
          "ended",
        ] as const) {
          expect(messy.tx?.[key], key).toEqual(reference.tx?.[key]);
        }
        expect(messy.samples).toBe(reference.samples);
        expect([messy.started, messy.ended]).toEqual([1, 1]);
      }),
      { numRuns: 60 },
    );
  });

  it("1.6: replayed starts, meter values and stops make one transaction per start, energy from the registers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(20), { maxLength: 10 }),
        async (increments, replays) => {
          const h = registryHarness();
          const station = h.connect("ocpp1.6");
          await must(station.call("ocpp1.6", "BootNotification", { chargePointVendor: "A", chargePointModel: "B" }));
          const start = { connectorId: 1, idTag: "T", meterStart: 100, timestamp: "2026-01-01T08:00:00.000Z" };
          let register = 100;
          const calls: (() => Promise<unknown>)[] = [() => must(station.call("ocpp1.6", "StartTransaction", start))];
          increments.forEach((inc, i) => {
            register += inc;
            const value = register;
            calls.push(() =>
              must(
                station.call("ocpp1.6", "MeterValues", {
                  connectorId: 1,
                  transactionId: 1,
                  meterValue: [
                    {
                      timestamp: new Date(Date.UTC(2026, 0, 1, 8, i + 1)).toISOString(),
                      sampledValue: [{ value: String(value) }],
                    },
                  ],
                }),
              ),
            );
          });
          const stopValue = register + 1;
          calls.push(() =>
            must(
              station.call("ocpp1.6", "StopTransaction", {
                transactionId: 1,
                meterStop: stopValue,
                timestamp: "2026-01-01T09:00:00.000Z",
              }),
            ),
          );
          // a station resends a message whose answer it missed: right after the original, before later ones
          const sequence = calls.flatMap((call, i) => (replays.includes(i) ? [call, call] : [call]));
          for (const call of sequence) await call();
          const list = await h.registry.transactions.list({ stationId: cp });
          expect(list).toHaveLength(1);
          expect(list[0]).toMatchObject({
            id: "1",
            energyWh: stopValue - 100,
            sampleCount: increments.length,
            complete: true,
          });
          expect(h.of("meter:sample")).toHaveLength(increments.length);
          expect(h.of("transaction:ended")).toHaveLength(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
