/**
 * Property: whatever drivers, the operator and the network do, a simulated station and the registry stay in states
 * the spec allows: the registry sees no rule broken, every transaction the station ended arrives once, complete,
 * with the energy the station metered, and both sides agree on every connector's status.
 */
import { EvseId, IdToken, ReservationId, StationId } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { registryHarness } from "../csms/harness.test-util.js";
import type { OcppVersion } from "../schema/versions.js";
import { createLoopbackPair } from "../testing/loopback.js";
import { createSimulatedStation } from "./station.js";

const cp = StationId.of("CP-1");
const tags = [IdToken.of("TAG-A"), IdToken.of("TAG-B")];

type Action =
  | { readonly kind: "plug" | "unplug" | "fault" | "clear" | "remoteStop"; readonly evse: number }
  | { readonly kind: "token" | "remoteStart"; readonly evse: number; readonly tag: number }
  | { readonly kind: "suspend"; readonly evse: number; readonly on: boolean }
  | { readonly kind: "availability"; readonly evse: number; readonly operative: boolean }
  | { readonly kind: "reserve"; readonly evse: number; readonly tag: number; readonly minutes: number }
  | { readonly kind: "cancel" }
  | { readonly kind: "profile"; readonly evse: number; readonly amps: number }
  | { readonly kind: "clearProfiles" }
  | { readonly kind: "offline" | "online" }
  | { readonly kind: "wait"; readonly ms: number };

const evseArb = fc.constantFrom(1, 2);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom("plug", "unplug" as const), evse: evseArb }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom("token", "remoteStart" as const),
      evse: evseArb,
      tag: fc.constantFrom(0, 1),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.constantFrom(1_000, 60_000, 600_000) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constantFrom("fault", "clear", "remoteStop" as const), evse: evseArb }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("suspend" as const), evse: evseArb, on: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("availability" as const),
      evse: fc.constantFrom(0, 1, 2),
      operative: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("reserve" as const),
      evse: evseArb,
      tag: fc.constantFrom(0, 1),
      minutes: fc.constantFrom(1, 30),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "cancel" } as const) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("profile" as const), evse: evseArb, amps: fc.constantFrom(0, 6, 16) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "clearProfiles" } as const) },
  { weight: 2, arbitrary: fc.constantFrom({ kind: "offline" } as const, { kind: "online" } as const) },
);

async function play(version: OcppVersion, actions: readonly Action[]) {
  const h = registryHarness({ heartbeatIntervalSec: 3600 });
  const station = createSimulatedStation({
    identity: "CP-1",
    version,
    evses: 2,
    clock: h.clock,
    config: { MeterValueSampleInterval: "300", AllowOfflineTxForUnknownId: "true" },
  });
  const ended: { meterStartWh: number; meterStopWh: number }[] = [];
  station.events.on("transaction:ended", (e) =>
    ended.push({ meterStartWh: e.meterStartWh, meterStopWh: e.meterStopWh }),
  );
  const dropped: string[] = [];
  station.events.on("message:dropped", (e) => dropped.push(e.reason));
  let wire: ReturnType<typeof createLoopbackPair> | undefined;
  const goOnline = async () => {
    if (wire !== undefined) return;
    wire = createLoopbackPair({ version, identity: "CP-1", clock: h.clock });
    h.registry.attach(wire.csms);
    await station.connect(wire.station);
  };
  const goOffline = async () => {
    if (wire === undefined) return;
    wire.csmsWire.close(1006, "network down");
    wire = undefined;
    await h.clock.advanceAsync(0);
  };
  const tx = (evse: number) => station.evse(evse).transactionId;
  await goOnline();
  for (const a of actions) {
    switch (a.kind) {
      case "plug":
        station.plugIn(a.evse);
        break;
      case "unplug":
        station.unplug(a.evse);
        break;
      case "fault":
        station.fault(a.evse, "GroundFailure");
        break;
      case "clear":
        station.clearFault(a.evse);
        break;
      case "suspend":
        station.suspendEv(a.evse, a.on);
        break;
      case "token":
        await station.presentToken(a.evse, { value: tags[a.tag] ?? tags[0] ?? IdToken.of("X") });
        break;
      case "remoteStart":
        await h.registry.commands.remoteStart(cp, {
          token: { value: tags[a.tag] ?? IdToken.of("X") },
          evseId: EvseId.of(a.evse),
        });
        break;
      case "remoteStop": {
        const id = tx(a.evse);
        if (id !== undefined) await h.registry.commands.remoteStop(cp, { transactionId: id as never });
        break;
      }
      case "availability":
        await h.registry.commands.changeAvailability(cp, {
          operative: a.operative,
          ...(a.evse === 0 ? {} : { evseId: EvseId.of(a.evse) }),
        });
        break;
      case "reserve":
        await h.registry.commands.reserveNow(cp, {
          reservationId: ReservationId.of(a.evse),
          expiresAt: h.clock.now() + a.minutes * 60_000,
          token: { value: tags[a.tag] ?? IdToken.of("X") },
          evseId: EvseId.of(a.evse),
        });
        break;
      case "cancel":
        await h.registry.commands.cancelReservation(cp, { reservationId: ReservationId.of(1) });
        break;
      case "profile":
        await h.registry.commands.setChargingProfile(cp, {
          schedule: { start: h.clock.now(), unit: "A", periods: [{ startOffset: 0, limit: a.amps }] },
          target: { profileId: 100 + a.evse, evseId: a.evse, purpose: "TxDefaultProfile", stackLevel: 1 },
        });
        break;
      case "clearProfiles":
        await h.registry.commands.clearChargingProfile(cp, {});
        break;
      case "offline":
        await goOffline();
        break;
      case "online":
        await goOnline();
        break;
      case "wait":
        await h.clock.advanceAsync(a.ms);
        break;
    }
    await h.clock.advanceAsync(0);
  }
  await goOnline();
  for (let i = 0; i < 6; i++) {
    await station.settled();
    await h.clock.advanceAsync(60_000);
  }
  return { h, station, ended, dropped };
}

for (const version of ["ocpp1.6", "ocpp2.0.1"] as const) {
  describe(`random sessions on a ${version} station`, () => {
    it("property: no rule broken, every ended transaction arrives once with the station's energy, statuses agree", async () => {
      const seen = { started: 0, ended: 0, offlineMessages: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(actionArb, { minLength: 5, maxLength: 40, size: "max" }), async (actions) => {
          const { h, station, ended, dropped } = await play(version, actions);
          seen.started += h.of("transaction:started").length;
          seen.ended += ended.length;
          seen.offlineMessages += h.of("transaction:updated").filter((e) => e.transaction.offline).length;
          expect(h.of("protocol:violation")).toEqual([]);
          expect(dropped).toEqual([]);
          expect(await station.queued()).toBe(0);
          const csmsEnded = h.of("transaction:ended").map((e) => e.transaction);
          expect(new Set(csmsEnded.map((t) => t.id)).size).toBe(csmsEnded.length);
          for (const t of csmsEnded) {
            expect(t.complete).toBe(true);
            expect(t.energyWh).toBe(Math.max(0, (t.meterStopWh ?? 0) - (t.meterStartWh ?? 0)));
          }
          const pairs = (list: { meterStartWh?: number; meterStopWh?: number }[]) =>
            list.map((t) => `${t.meterStartWh}-${t.meterStopWh}`).sort();
          expect(pairs(csmsEnded)).toEqual(pairs(ended));
          const view = h.registry.view(cp);
          for (const e of station.evses()) {
            const seen = view?.evses.find((v) => v.id === e.id)?.connectors[0];
            expect(version === "ocpp1.6" ? seen?.v16Status : seen?.status, `EVSE ${e.id}`).toBe(e.status);
            const running = view?.evses.find((v) => v.id === e.id)?.transactionId;
            expect(running).toBe(e.transactionId);
          }
          station.stop();
          h.registry.close();
        }),
        { numRuns: 30 },
      );
      // the runs must have exercised what the property is about
      expect(seen.started).toBeGreaterThan(10);
      expect(seen.ended).toBeGreaterThan(3);
    }, 60_000);
  });
}
