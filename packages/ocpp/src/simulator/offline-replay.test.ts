/**
 * Offline replay: a station goes offline mid-transaction, queues 100 meter values and the stop, and reconnects —
 * first over a flaky link that loses the CSMS's answers (so the station sends those messages again), then for
 * good. The CSMS must end with exactly one complete transaction, no sample lost or counted twice, and the energy
 * the station's meter shows.
 */
import { IdToken, StationId } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { decodeFrame } from "../codec/decode.js";
import { registryHarness } from "../csms/harness.test-util.js";
import type { OcppVersion } from "../schema/versions.js";
import { createLoopbackPair } from "../testing/loopback.js";
import { createSimulatedStation } from "./station.js";

const cp = StationId.of("CP-1");
const token = { value: IdToken.of("TAG-1"), kind: "ISO14443" } as const;

for (const version of ["ocpp1.6", "ocpp2.0.1"] as const satisfies readonly OcppVersion[]) {
  describe(`offline replay (${version})`, () => {
    it("100 queued meter values and the stop, replayed with duplicates: one complete transaction, exact energy", async () => {
      const h = registryHarness();
      const station = createSimulatedStation({
        identity: "CP-1",
        version,
        clock: h.clock,
        initialMeterWh: 123_456,
        config: { MeterValueSampleInterval: "60", TransactionMessageRetryInterval: "5" },
      });
      const transactionCalls: string[] = [];
      const endedAtStation: { meterStartWh: number; meterStopWh: number }[] = [];
      station.events.on("transaction:ended", (e) => endedAtStation.push(e));
      const connect = (loseAnswersAfter?: number) => {
        const pair = createLoopbackPair({ version, identity: "CP-1", clock: h.clock });
        pair.csms.events.on("frame:received", ({ text }) => {
          const frame = decodeFrame(text, { version });
          if (frame.kind === "frame" && frame.frame.type === 2 && frame.frame.action !== "Heartbeat") {
            if (
              ["StartTransaction", "StopTransaction", "MeterValues", "TransactionEvent"].includes(frame.frame.action)
            ) {
              transactionCalls.push(frame.frame.messageId);
            }
          }
        });
        if (loseAnswersAfter !== undefined) {
          // the link dies right after the CSMS answered the n-th transaction message: the station never hears it
          let answers = 0;
          const send = pair.csmsWire.send.bind(pair.csmsWire);
          pair.csmsWire.send = (text: string) => {
            send(text);
            if (text.startsWith("[3,") && ++answers === loseAnswersAfter) pair.csmsWire.close(1006, "link lost");
          };
        }
        h.registry.attach(pair.csms);
        return pair;
      };

      let pair = connect();
      await station.connect(pair.station);
      station.plugIn(1);
      await station.presentToken(1, token);
      await h.clock.advanceAsync(1000);
      await station.settled();
      expect(h.of("transaction:started")).toHaveLength(1);

      // offline: 100 minutes of charging → 100 periodic meter values, then the driver stops and leaves
      pair.csmsWire.close(1006, "network down");
      await h.clock.advanceAsync(0);
      await h.clock.advanceAsync(100 * 60_000);
      expect(await station.presentToken(1, token)).toBe("Stopped");
      station.unplug(1);
      await station.settled();
      const queued = await station.queued();
      expect(queued).toBeGreaterThanOrEqual(101);
      expect(endedAtStation).toHaveLength(1);
      const stationEnded = endedAtStation[0] ?? { meterStartWh: -1, meterStopWh: -1 };
      expect(stationEnded.meterStartWh).toBe(123_456);

      // a flaky reconnect: 37 messages processed, their answers partly lost
      pair = connect(37);
      await station.connect(pair.station);
      for (let i = 0; i < 5; i++) await h.clock.advanceAsync(1000);
      await station.settled();
      expect(await station.queued()).toBeGreaterThan(0);

      // back for good: the rest, and the ones whose answers were lost, go again
      pair = connect();
      await station.connect(pair.station);
      for (let i = 0; i < 20 && (await station.queued()) > 0; i++) {
        await station.settled();
        await h.clock.advanceAsync(5000);
      }
      expect(await station.queued()).toBe(0);

      const transactions = await h.registry.transactions.list({ stationId: cp });
      expect(transactions).toHaveLength(1);
      const tx = transactions[0];
      if (tx === undefined) throw new Error("no transaction");
      expect(tx.complete).toBe(true);
      expect(tx.ended).toBe(true);
      expect(tx.meterStartWh).toBe(stationEnded.meterStartWh);
      expect(tx.meterStopWh).toBe(stationEnded.meterStopWh);
      expect(tx.energyWh).toBe(stationEnded.meterStopWh - stationEnded.meterStartWh);
      expect(tx.energyWh).toBeGreaterThan(18_000);
      // every sample once: begin + 100 periodic + end (as many as the station took), none twice
      const samples = await h.registry.transactions.samples(cp, tx.id);
      expect(new Set(samples.map((s) => `${s.at}|${s.context}`)).size).toBe(samples.length);
      expect(samples.filter((s) => s.context === "Sample.Periodic").length).toBe(100);
      expect(h.of("meter:sample").filter((e) => e.transactionId === tx.id)).toHaveLength(samples.length);
      expect(h.of("transaction:ended")).toHaveLength(1);
      expect(h.of("transaction:started")).toHaveLength(1);
      // the flaky link really made the station send something twice
      expect(transactionCalls.length).toBeGreaterThan(queued + 1);
      if (version !== "ocpp1.6") expect(tx.offline).toBe(true);
      expect(h.of("protocol:violation")).toEqual([]);
    });
  });
}
