/**
 * The neutral command API against simulated stations of each version: every command maps to the version's
 * messages, the simulator answers them through its state machines, and the registry sees the consequences.
 */
import { EvseId, IdToken, ReservationId, StationId, TransactionId } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { must, registryHarness } from "../csms/harness.test-util.js";
import type { OcppVersion } from "../schema/versions.js";
import { createLoopbackPair } from "../testing/loopback.js";
import { createSimulatedStation } from "./station.js";

const cp = StationId.of("CP-1");
const token = { value: IdToken.of("APP-7"), kind: "Central" } as const;

async function setup(version: OcppVersion) {
  const h = registryHarness();
  const pair = createLoopbackPair({ version, identity: "CP-1", clock: h.clock });
  h.registry.attach(pair.csms);
  const station = createSimulatedStation({ identity: "CP-1", version, evses: 2, clock: h.clock });
  await station.connect(pair.station);
  const settle = async (ms = 1000) => {
    await h.clock.advanceAsync(ms);
    await station.settled();
    await h.clock.advanceAsync(0);
  };
  return { ...h, station, settle, commands: h.registry.commands };
}

for (const version of ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"] as const) {
  describe(`commands on a simulated ${version} station`, () => {
    it("remote start waits for the EV, charges, and remote stop ends it", async () => {
      const h = await setup(version);
      const start = await must(h.commands.remoteStart(cp, { token, evseId: EvseId.of(1) }));
      expect(start.status).toBe("Accepted");
      h.station.plugIn(1);
      await h.settle();
      const started = h.of("transaction:started");
      expect(started).toHaveLength(1);
      const txId = started[0]?.transaction.id ?? TransactionId.of("?");
      if (version !== "ocpp1.6") expect(started[0]?.transaction.remoteStartId).toBe(start.remoteStartId);
      expect(h.station.evse(1).powerW).toBeGreaterThan(0);
      expect((await must(h.commands.remoteStop(cp, { transactionId: txId }))).status).toBe("Accepted");
      await h.settle();
      expect(h.of("transaction:ended")).toHaveLength(1);
      expect((await must(h.commands.remoteStop(cp, { transactionId: txId }))).status).toBe("Rejected");
      expect(h.of("protocol:violation")).toEqual([]);
    });

    it("a charging profile is obeyed: the station draws no more than its composite schedule allows", async () => {
      const h = await setup(version);
      h.station.plugIn(1);
      await h.station.presentToken(1, token);
      await h.settle();
      const tx = h.of("transaction:started")[0]?.transaction.id;
      const now = h.clock.now();
      const schedule = {
        start: now,
        unit: "A" as const,
        periods: [
          { startOffset: 0, limit: 6 },
          { startOffset: 600_000, limit: 10 },
        ],
      };
      const set = await must(
        h.commands.setChargingProfile(cp, {
          schedule,
          target: {
            profileId: 5,
            evseId: 1,
            purpose: "TxProfile",
            stackLevel: 1,
            ...(tx === undefined ? {} : { transactionId: tx }),
          },
        }),
      );
      expect(set.status).toBe("Accepted");
      await h.settle(0);
      expect(h.station.evse(1).powerW).toBeCloseTo(6 * 230 * 3, 6);
      const composite = await must(
        h.commands.getCompositeSchedule(cp, { evseId: EvseId.of(1), duration: 1_800_000, unit: "A" }),
      );
      expect(composite.status).toBe("Accepted");
      expect(composite.schedule?.periods.map((p) => [p.startOffset, p.limit])).toEqual([
        [0, 6],
        [600_000, 10],
      ]);
      await h.settle(600_000);
      expect(h.station.evse(1).powerW).toBeCloseTo(10 * 230 * 3, 6);
      expect((await must(h.commands.clearChargingProfile(cp, { profileId: 5 }))).status).toBe("Accepted");
      expect((await must(h.commands.clearChargingProfile(cp, { profileId: 5 }))).status).toBe("Unknown");
      await h.settle(0);
      expect(h.station.evse(1).powerW).toBe(11_000);
    });

    it("reservation: the EVSE is held for its token until cancelled", async () => {
      const h = await setup(version);
      const reserved = await must(
        h.commands.reserveNow(cp, {
          reservationId: ReservationId.of(3),
          expiresAt: h.clock.now() + 3_600_000,
          token,
          evseId: EvseId.of(2),
        }),
      );
      expect(reserved.status).toBe("Accepted");
      await h.settle();
      expect(h.station.evse(2).status).toBe("Reserved");
      expect(await h.station.presentToken(2, { value: IdToken.of("SOMEONE-ELSE") })).toBe("Rejected");
      expect((await must(h.commands.cancelReservation(cp, { reservationId: ReservationId.of(3) }))).status).toBe(
        "Accepted",
      );
      expect((await must(h.commands.cancelReservation(cp, { reservationId: ReservationId.of(3) }))).status).toBe(
        "Rejected",
      );
      await h.settle();
      expect(h.station.evse(2).status).toBe("Available");
      expect(h.of("protocol:violation")).toEqual([]);
    });

    it("availability: inoperative is scheduled while charging and takes effect when the session ends", async () => {
      const h = await setup(version);
      h.station.plugIn(1);
      await h.station.presentToken(1, token);
      await h.settle();
      expect((await must(h.commands.changeAvailability(cp, { operative: false, evseId: EvseId.of(1) }))).status).toBe(
        "Scheduled",
      );
      expect((await must(h.commands.changeAvailability(cp, { operative: false, evseId: EvseId.of(2) }))).status).toBe(
        "Accepted",
      );
      await h.station.presentToken(1, token);
      h.station.unplug(1);
      await h.settle();
      expect(h.station.evse(1).status).toBe("Unavailable");
      expect(h.station.evse(2).status).toBe("Unavailable");
      expect((await must(h.commands.changeAvailability(cp, { operative: true }))).status).toBe("Accepted");
      await h.settle();
      expect(h.station.evses().map((e) => e.status)).toEqual(["Available", "Available"]);
      expect(h.of("protocol:violation")).toEqual([]);
    });

    it("configuration: one neutral key reads and writes a 1.6 key or a 2.x variable", async () => {
      const h = await setup(version);
      const read = await must(h.commands.getConfiguration(cp, { keys: ["MeterValueSampleInterval", "NoSuchKey"] }));
      expect(read.values).toEqual([
        { key: "MeterValueSampleInterval", value: "60", ...(version === "ocpp1.6" ? { readonly: false } : {}) },
      ]);
      expect(read.unknown).toEqual(["NoSuchKey"]);
      const set = await must(
        h.commands.setConfiguration(cp, { values: [{ key: "MeterValueSampleInterval", value: "30" }] }),
      );
      expect(set.results).toEqual([{ key: "MeterValueSampleInterval", status: "Accepted" }]);
      expect(h.station.config.get("MeterValueSampleInterval")).toBe("30");
      const all = await must(h.commands.getConfiguration(cp));
      expect(all.values.length).toBeGreaterThan(5);
    });

    it("reset, trigger, unlock, local list, cache and data transfer", async () => {
      const h = await setup(version);
      const trigger = await must(
        h.commands.triggerMessage(cp, { message: "StatusNotification", evseId: EvseId.of(1) }),
      );
      expect(trigger.status).toBe("Accepted");
      const list = await must(
        h.commands.sendLocalList(cp, {
          version: 4,
          update: "Full",
          entries: [{ token, authorization: { status: "Accepted" } }],
        }),
      );
      expect(list.status).toBe("Accepted");
      expect((await must(h.commands.getLocalListVersion(cp))).version).toBe(4);
      expect((await must(h.commands.clearCache(cp))).status).toBe("Accepted");
      expect((await must(h.commands.dataTransfer(cp, { vendorId: "acme", data: { a: 1 } }))).status).toBe(
        "UnknownVendorId",
      );
      expect((await must(h.commands.unlockConnector(cp, { evseId: EvseId.of(2) }))).status).toBe("Unlocked");
      const booted = h.of("station:booted").length;
      expect((await must(h.commands.reset(cp, version === "ocpp1.6" ? { hard: true } : {}))).status).toBe("Accepted");
      await h.settle();
      expect(h.of("station:booted")).toHaveLength(booted + 1);
      const last = h.of("station:booted").at(-1);
      if (version !== "ocpp1.6") expect(last?.boot.reason).toBe("RemoteReset");
      if (version === "ocpp1.6") {
        const idle = await h.commands.reset(cp, { whenIdle: true });
        expect(idle.ok === false && idle.error.code).toBe("UNSUPPORTED");
      }
    });
  });
}
