import { DAY, HOUR, MINUTE, silentLogger, unwrap } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { createMemoryPaymentProvider, money } from "@chargekit/payments";
import { openTestDatabase, type TestDatabase, testTargets } from "@chargekit/storage-postgres/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlOf } from "../store/sql.js";
import { migratePspSimSchema, PSP_SIM_SCHEMA } from "./psp-sim-schema.js";
import { createPspSimStore } from "./psp-sim-store.js";
import { openSimulatedPsp } from "./simulated-psp.js";

const eur = (amount: string) => money(amount, "EUR");
const hold = (session: string) => ({
  idempotencyKey: `${session}:auth`,
  merchantReference: session,
  amount: eur("50"),
  paymentMethod: "pm_card_visa",
  methodKind: "card-present" as const,
});

for (const target of testTargets()) {
  describe(`the simulated PSP's books (${target.kind})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase(target);
    }, 60_000);
    afterAll(async () => {
      await db?.close();
    });

    it("migrates once, and reads back exactly what the provider holds after every answer", async () => {
      const sql = sqlOf(db.client);
      expect(await migratePspSimSchema(sql)).toEqual([1]);
      expect(await migratePspSimSchema(sql)).toEqual([]);
      const store = createPspSimStore(sql);
      const clock = createManualClock(Date.UTC(2026, 4, 4, 8));
      const provider = createMemoryPaymentProvider({
        clock,
        persistence: store.persistence,
        declinedMethods: { pm_declined: "card_declined" },
      });
      expect(await store.load()).toEqual(provider.exportState());
      const a = unwrap(await provider.authorize(hold("s-a")));
      const b = unwrap(await provider.authorize(hold("s-b")));
      expect((await provider.authorize({ ...hold("s-c"), paymentMethod: "pm_declined" })).ok).toBe(false);
      await Promise.all([
        provider.capture({ idempotencyKey: "s-a:capture", ref: a.ref, amount: eur("12.34") }),
        provider.void({ idempotencyKey: "s-b:void", ref: b.ref }),
      ]);
      unwrap(await provider.refund({ idempotencyKey: "s-a:refund:1", ref: a.ref, amount: eur("2") }));
      expect(await store.load()).toEqual(provider.exportState());
      const rows = await sql.rows(`SELECT ref, status FROM ${PSP_SIM_SCHEMA}.payments ORDER BY position`);
      expect(rows).toEqual([
        { ref: a.ref, status: "partially_refunded" },
        { ref: b.ref, status: "voided" },
      ]);
    });

    it("is opened again after a restart with every hold, answer and counter, and captures a hold made before", async () => {
      const clock = createManualClock(Date.UTC(2026, 4, 4, 8, 30));
      const before = await openSimulatedPsp({ client: db.client, clock, logger: silentLogger });
      const held = unwrap(await before.authorize(hold("s-d")));
      // the process dies here; another one opens the same books
      clock.advance(10 * MINUTE);
      const after = await openSimulatedPsp({ client: db.client, clock, logger: silentLogger });
      expect(after.exportState()).toEqual(before.exportState());
      expect(await after.authorize(hold("s-d"))).toEqual({ ok: true, value: held });
      const capture = { idempotencyKey: "s-d:capture", ref: held.ref, amount: eur("20.5") };
      expect(unwrap(await after.capture(capture))).toEqual({ captured: eur("20.5") });
      expect(unwrap(await after.capture(capture))).toEqual({ captured: eur("20.5") });
      const again = await openSimulatedPsp({ client: db.client, clock, logger: silentLogger });
      expect(await again.retrieve({ merchantReference: "s-d" })).toMatchObject({
        status: "captured",
        captured: eur("20.5"),
        operations: [{ kind: "authorize" }, { kind: "capture", idempotencyKey: "s-d:capture" }],
      });
      expect(again.effects.filter((e) => e.operation === "capture")).toHaveLength(2); // s-a's and s-d's
      expect(unwrap(await again.authorize(hold("s-e"))).ref).toBe("pay_4");
    });

    it("forgets idempotency keys past their lifetime when it opens, as the provider does", async () => {
      const clock = createManualClock(Date.UTC(2026, 4, 4, 9));
      const sql = sqlOf(db.client);
      const count = async () =>
        Number((await sql.rows(`SELECT count(*) AS n FROM ${PSP_SIM_SCHEMA}.idempotency_keys`))[0]?.["n"]);
      const total = await count();
      const psp = await openSimulatedPsp({ client: db.client, clock, logger: silentLogger });
      expect(await count()).toBe(total); // all answered within the last day
      unwrap(await psp.authorize(hold("s-f")));
      clock.advance(DAY + HOUR);
      await openSimulatedPsp({ client: db.client, clock, logger: silentLogger });
      expect(await count()).toBe(0);
    });

    it("refuses books it cannot read, naming the field", async () => {
      const sql = sqlOf(db.client);
      await sql.count(
        `UPDATE ${PSP_SIM_SCHEMA}.payments SET record = jsonb_set(record, '{captured,amount}', '"lots"') WHERE ref = 'pay_1'`,
      );
      await expect(createPspSimStore(sql).load()).rejects.toThrow("payments[0].captured");
    });
  });
}
