import { isChargekitError } from "@chargekit/core";
import { currency, money, type PaymentSession, zeroMoney } from "@chargekit/payments";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { targets } from "../../test/targets.js";
import { toSqlClient } from "../client/sql-client.js";
import { migrate } from "../migrations/migrate.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { createPostgresPaymentStore } from "./payment-store.js";

const T0 = Date.UTC(2026, 0, 1);
const EUR = currency("EUR");
const session: PaymentSession = {
  id: "s1",
  version: 1,
  state: "Authorizing",
  currency: EUR,
  paymentMethod: "pm",
  methodKind: "wallet",
  holdAmount: money("20", "EUR"),
  costLimit: money("20", "EUR"),
  authorizedAmount: zeroMoney(EUR),
  increments: 0,
  incrementPending: false,
  capturedAmount: zeroMoney(EUR),
  refundedAmount: zeroMoney(EUR),
  receivableAmount: zeroMoney(EUR),
  captureFailures: 0,
  refunds: [],
  createdAt: T0,
  updatedAt: T0,
};

for (const target of await targets()) {
  describe(`PostgreSQL payment store on ${target.kind}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase(target);
      await migrate(db.client);
    }, 60_000);
    afterAll(async () => db.close());
    beforeEach(async () => db.truncate());

    it("keeps idempotency responses exactly: null, absent, nested JSON", async () => {
      const store = createPostgresPaymentStore({ client: db.client });
      await store.create(session, {
        idempotency: [
          { key: "a", sessionId: "s1", response: null, at: T0 },
          { key: "b", sessionId: "s1", response: undefined, at: T0 },
          { key: "c", sessionId: "s1", response: { state: "Captured", list: [1, "x", { deep: true }] }, at: T0 },
        ],
      });
      expect((await store.getIdempotency("a"))?.response).toBeNull();
      expect(await store.getIdempotency("b")).toEqual({ key: "b", sessionId: "s1", response: undefined, at: T0 });
      expect((await store.getIdempotency("c"))?.response).toEqual({
        state: "Captured",
        list: [1, "x", { deep: true }],
      });
    });

    it("reports a hand-edited session row as corrupt instead of returning it", async () => {
      const store = createPostgresPaymentStore({ client: db.client });
      await store.create(session);
      await toSqlClient(db.client).count(
        `UPDATE chargekit.payment_sessions SET record = jsonb_set(record, '{state}', '"Paid"') WHERE id = 's1'`,
      );
      const error = await store.get("s1").catch((e: unknown) => e);
      expect(isChargekitError(error, "INVALID_INPUT")).toBe(true);
      expect(String((error as Error).message)).toContain(
        "stored payment session s1 in schema chargekit is corrupt: unknown state Paid",
      );
    });

    it("refuses a commit whose new version is not expected + 1 without touching the row", async () => {
      const store = createPostgresPaymentStore({ client: db.client });
      await store.create(session);
      expect(await store.commit({ session: { ...session, version: 3 }, expectedVersion: 1 })).toEqual({
        ok: false,
        reason: "version-conflict",
      });
      expect((await store.get("s1"))?.version).toBe(1);
    });

    it("treats a negative or fractional limit as a count, never as SQL", async () => {
      const store = createPostgresPaymentStore({ client: db.client });
      await store.create({ ...session, wakeAt: T0 });
      expect(await store.dueSessions({ now: T0, limit: -5 })).toEqual([]);
      expect((await store.dueSessions({ now: T0, limit: 1.7 })).map((s) => s.id)).toEqual(["s1"]);
    });
  });
}
