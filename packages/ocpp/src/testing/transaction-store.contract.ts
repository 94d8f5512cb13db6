import { ConnectorId, EvseId, IdToken, StationId, TransactionId } from "@chargekit/core";
import { defineContractSuite } from "@chargekit/core/testing";
import { expect } from "vitest";
import type { TransactionChange, TransactionStore, V16Start } from "../csms/transaction-store.js";
import type { MeterSample } from "../station/model.js";

/**
 * What the transaction-store contract runs against: a store, and a way to open a second handle on the same
 * storage the way a second CSMS process would (a new pool on the same database). For the memory adapter that is
 * the same object.
 *
 * @category Testing
 */
export interface TransactionStoreSubject {
  /** The store under test, empty. */
  readonly store: TransactionStore;
  /** Opens another handle on the same storage. */
  another(): TransactionStore | Promise<TransactionStore>;
}

const T0 = Date.UTC(2026, 0, 1, 8);
const cp = StationId.of("CP-1");
const token = { value: IdToken.of("TAG-1") };

function v16Start(n: number, station = cp): V16Start {
  return {
    stationId: station,
    evseId: EvseId.of(1),
    connectorId: ConnectorId.of(1),
    token,
    meterStartWh: 1000 + n,
    at: T0 + n * 1000,
    key: `1|TAG-1|${1000 + n}|${T0 + n * 1000}`,
  };
}

function energy(at: number, wh: number, context: MeterSample["context"] = "Sample.Periodic"): MeterSample {
  return { at, context, energyWh: wh };
}

function change(
  seqNo: number,
  kind: TransactionChange["kind"],
  samples: MeterSample[] = [],
  extra: Partial<TransactionChange> = {},
): TransactionChange {
  return {
    stationId: cp,
    transactionId: TransactionId.of("tx-a"),
    family: "2.x",
    key: `seq:${seqNo}`,
    kind,
    at: T0 + seqNo * 60_000,
    seqNo,
    samples,
    ...extra,
  };
}

/**
 * The behaviour every {@link TransactionStore} must show, including what a database adapter must prove under
 * concurrency: 1.6 transaction ids unique across handles (processes), a replayed start returning the same id,
 * a replayed message applied once, concurrent distinct messages all merged (no lost update), and energy that a
 * duplicated sample cannot change.
 *
 * @example
 * ```ts
 * import { describeTransactionStoreContract } from "@chargekit/ocpp/testing";
 * describeTransactionStoreContract("postgres", async () => {
 *   const store = createPostgresTransactionStore({ pool });
 *   return { store, another: () => createPostgresTransactionStore({ pool: new Pool(config) }) };
 * });
 * ```
 * @category Testing
 */
export const describeTransactionStoreContract = defineContractSuite<TransactionStoreSubject>(
  "TransactionStore",
  (t) => {
    t.test("1.6: assigns distinct positive integer ids, also to concurrent starts on two handles", async () => {
      const { store } = t.subject();
      const other = await t.subject().another();
      const starts = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? store : other).startV16(v16Start(i))),
      );
      const ids = starts.map((s) => s.transaction.id);
      expect(new Set(ids).size).toBe(40);
      for (const s of starts) {
        expect(s.outcome).toBe("created");
        expect(s.transaction.id).toMatch(/^[1-9][0-9]*$/);
        expect(Number(s.transaction.id)).toBeLessThanOrEqual(2_147_483_647);
      }
    });

    t.test(
      "1.6: a resent StartTransaction gets the same id back, even when sent concurrently or via another handle",
      async () => {
        const { store } = t.subject();
        const other = await t.subject().another();
        const first = await store.startV16(v16Start(1));
        expect(first.transaction).toMatchObject({
          stationId: cp,
          family: "1.6",
          started: true,
          ended: false,
          startedAt: T0 + 1000,
          meterStartWh: 1001,
          evseId: 1,
          connectorId: 1,
          token,
        });
        const replays = await Promise.all([store.startV16(v16Start(1)), other.startV16(v16Start(1))]);
        for (const r of replays) expect(r).toEqual({ outcome: "replayed", transaction: first.transaction });
        const racing = await Promise.all(Array.from({ length: 8 }, () => store.startV16(v16Start(7))));
        expect(racing.filter((r) => r.outcome === "created")).toHaveLength(1);
        expect(new Set(racing.map((r) => r.transaction.id)).size).toBe(1);
        // the same start message on another station is another transaction
        const elsewhere = await store.startV16(v16Start(1, StationId.of("CP-2")));
        expect(elsewhere.outcome).toBe("created");
        expect(elsewhere.transaction.id).not.toBe(first.transaction.id);
      },
    );

    t.test("1.6: the same start after its transaction stopped is a new transaction, not a replay", async () => {
      const { store } = t.subject();
      const first = await store.startV16(v16Start(3));
      await store.apply({
        stationId: cp,
        transactionId: first.transaction.id,
        family: "1.6",
        key: "stop",
        kind: "ended",
        at: T0 + 3000,
        meterStopWh: 1003,
        samples: [],
      });
      const again = await store.startV16(v16Start(3));
      expect(again.outcome).toBe("created");
      expect(again.transaction.id).not.toBe(first.transaction.id);
      expect((await store.startV16(v16Start(3))).transaction.id).toBe(again.transaction.id);
    });

    t.test("applies a message once: a replay is a duplicate and changes nothing", async () => {
      const { store } = t.subject();
      const created = await store.apply(change(0, "started", [energy(T0, 5000, "Transaction.Begin")]));
      expect(created.outcome).toBe("created");
      expect(created.newSamples).toHaveLength(1);
      const update = change(1, "updated", [energy(T0 + 60_000, 5400)]);
      const applied = await store.apply(update);
      expect(applied.outcome).toBe("applied");
      const replay = await store.apply(update);
      expect(replay).toEqual({ outcome: "duplicate", transaction: applied.transaction, newSamples: [] });
      expect(applied.transaction).toMatchObject({ energyWh: 400, sampleCount: 2, revision: 2, seqNos: [0, 1] });
      expect(await store.get(cp, TransactionId.of("tx-a"))).toEqual(applied.transaction);
    });

    t.test("concurrent copies of one message: exactly one is applied", async () => {
      const { store } = t.subject();
      await store.apply(change(0, "started", [energy(T0, 100, "Transaction.Begin")]));
      const other = await t.subject().another();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? store : other).apply(change(1, "updated", [energy(T0 + 60_000, 300)])),
        ),
      );
      expect(results.filter((r) => r.outcome === "applied")).toHaveLength(1);
      expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(9);
      expect((await store.samples(cp, TransactionId.of("tx-a"))).length).toBe(2);
    });

    t.test("concurrent distinct messages are all merged (no lost update)", async () => {
      const { store } = t.subject();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.apply(
            change(i, i === 0 ? "started" : "updated", [
              energy(T0 + i * 60_000, 1000 + i * 10, i === 0 ? "Transaction.Begin" : "Sample.Periodic"),
            ]),
          ),
        ),
      );
      const record = await store.get(cp, TransactionId.of("tx-a"));
      expect(record?.seqNos).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(record).toMatchObject({ sampleCount: 20, revision: 20, energyWh: 190, meterStartWh: 1000 });
    });

    t.test("a sample received again in another message is stored once and adds no energy", async () => {
      const { store } = t.subject();
      const s1 = energy(T0 + 60_000, 1500);
      await store.apply(change(0, "started", [energy(T0, 1000, "Transaction.Begin")]));
      await store.apply(change(1, "updated", [s1]));
      const again = await store.apply(change(2, "updated", [s1, energy(T0 + 120_000, 1800)]));
      expect(again.newSamples).toEqual([energy(T0 + 120_000, 1800)]);
      expect(again.transaction).toMatchObject({ sampleCount: 3, energyWh: 800 });
      expect((await store.samples(cp, TransactionId.of("tx-a"))).map((s) => s.energyWh)).toEqual([1000, 1500, 1800]);
    });

    t.test(
      "out of order: the first message creates the record, the Started completes it, the newest seqNo sets the state",
      async () => {
        const { store } = t.subject();
        const ended = await store.apply(
          change(3, "ended", [energy(T0 + 180_000, 2000, "Transaction.End")], {
            chargingState: "Idle",
            stoppedReason: "EVDisconnected",
          }),
        );
        expect(ended.outcome).toBe("created");
        expect(ended.transaction).toMatchObject({ started: false, ended: true, meterStopWh: 2000, energyWh: 0 });
        await store.apply(change(1, "updated", [], { chargingState: "Charging" }));
        const started = await store.apply(
          change(0, "started", [energy(T0, 1200, "Transaction.Begin")], {
            evseId: EvseId.of(2),
            connectorId: ConnectorId.of(1),
            chargingState: "EVConnected",
          }),
        );
        expect(started.transaction).toMatchObject({
          started: true,
          startedAt: T0,
          startedSeqNo: 0,
          endedSeqNo: 3,
          endedAt: T0 + 180_000,
          meterStartWh: 1200,
          meterStopWh: 2000,
          energyWh: 800,
          chargingState: "Idle",
          evseId: 2,
          seqNos: [0, 1, 3],
          stoppedReason: "EVDisconnected",
        });
      },
    );

    t.test("late authorization adds the credential; an Ended without reason was stopped Local", async () => {
      const { store } = t.subject();
      await store.apply(change(0, "started"));
      const authorized = await store.apply(
        change(1, "updated", [], { token: { value: IdToken.of("LATE"), kind: "ISO14443" } }),
      );
      expect(authorized.transaction.token).toEqual({ value: "LATE", kind: "ISO14443" });
      const ended = await store.apply(change(2, "ended"));
      expect(ended.transaction).toMatchObject({ stoppedReason: "Local", token: { value: "LATE" } });
    });

    t.test("1.6: a resent StopTransaction does not change the stopped transaction", async () => {
      const { store } = t.subject();
      const { transaction } = await store.startV16(v16Start(0));
      const stop: TransactionChange = {
        stationId: cp,
        transactionId: transaction.id,
        family: "1.6",
        key: "stop",
        kind: "ended",
        at: T0 + 3_600_000,
        meterStopWh: 11_000,
        stoppedReason: "EVDisconnected",
        samples: [energy(T0 + 3_600_000, 11_000, "Transaction.End")],
      };
      const first = await store.apply(stop);
      expect(first.transaction).toMatchObject({ ended: true, energyWh: 10_000, stoppedReason: "EVDisconnected" });
      expect((await store.apply({ ...stop, meterStopWh: 99_999 })).outcome).toBe("duplicate");
      expect((await store.get(cp, transaction.id))?.energyWh).toBe(10_000);
    });

    t.test("lists by station, state and start time, newest first, limited", async () => {
      const { store } = t.subject();
      for (let i = 0; i < 5; i++) await store.startV16(v16Start(i));
      const other = await store.startV16(v16Start(9, StationId.of("CP-2")));
      const first = (await store.list({ stationId: cp })).map((r) => r.meterStartWh);
      expect(first).toEqual([1004, 1003, 1002, 1001, 1000]);
      const ids = (await store.list({ stationId: cp, limit: 2 })).map((r) => r.meterStartWh);
      expect(ids).toEqual([1004, 1003]);
      const stopped = (await store.list({ stationId: cp }))[0];
      if (stopped === undefined) throw new Error("no transaction");
      await store.apply({
        stationId: cp,
        transactionId: stopped.id,
        family: "1.6",
        key: "stop",
        kind: "ended",
        at: T0 + 10_000,
        meterStopWh: 2000,
        samples: [],
      });
      expect((await store.list({ active: true })).length).toBe(5);
      expect((await store.list({ active: false })).map((r) => r.id)).toEqual([stopped.id]);
      expect((await store.list({ from: T0 + 2000, to: T0 + 4000 })).map((r) => r.meterStartWh)).toEqual([1003, 1002]);
      expect((await store.list({ stationId: StationId.of("CP-2") })).map((r) => r.id)).toEqual([other.transaction.id]);
      expect(await store.get(cp, TransactionId.of("nope"))).toBeUndefined();
      expect(await store.samples(cp, TransactionId.of("nope"))).toEqual([]);
    });
  },
);
