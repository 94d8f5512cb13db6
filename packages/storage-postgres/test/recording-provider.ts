// A payment provider for the cross-process capture race: every call is a row in a table of the test database, so
// the parent can count the calls that all processes made together. It accepts everything.
import { DAY, ok } from "@chargekit/core";
import type { Money, PaymentProvider, ProviderPayment } from "@chargekit/payments";
import type pg from "pg";

export const PROVIDER_TABLE = `CREATE TABLE IF NOT EXISTS provider_calls (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner text NOT NULL,
  operation text NOT NULL,
  idempotency_key text NOT NULL,
  merchant_reference text NOT NULL,
  amount jsonb
)`;

const refOf = (merchantReference: string): string => `ref-${merchantReference}`;
const merchantOf = (ref: string): string => ref.slice("ref-".length);

export function createRecordingProvider(pool: pg.Pool, owner: string, now: () => number): PaymentProvider {
  const record = async (operation: string, key: string, merchantReference: string, amount?: Money) => {
    await pool.query(
      "INSERT INTO provider_calls (owner, operation, idempotency_key, merchant_reference, amount) VALUES ($1, $2, $3, $4, $5)",
      [owner, operation, key, merchantReference, amount === undefined ? null : JSON.stringify(amount)],
    );
  };
  return {
    name: "recording",
    capabilities: {},
    holdValidity: () => 7 * DAY,
    async authorize(r) {
      await record("authorize", r.idempotencyKey, r.merchantReference, r.amount);
      return ok({ ref: refOf(r.merchantReference), authorized: r.amount, expiresAt: now() + 7 * DAY });
    },
    async increment(r) {
      await record("increment", r.idempotencyKey, merchantOf(r.ref), r.total);
      return ok({ ref: r.ref, authorized: r.total, expiresAt: now() + 7 * DAY });
    },
    async capture(r) {
      await record("capture", r.idempotencyKey, merchantOf(r.ref), r.amount);
      return ok({ captured: r.amount });
    },
    async void(r) {
      await record("void", r.idempotencyKey, merchantOf(r.ref));
      return ok({ voided: true });
    },
    async refund(r) {
      await record("refund", r.idempotencyKey, merchantOf(r.ref), r.amount);
      return ok({ refundRef: `refund-${r.idempotencyKey}`, amount: r.amount });
    },
    async retrieve({ merchantReference }): Promise<ProviderPayment | undefined> {
      const { rows } = await pool.query(
        "SELECT operation, idempotency_key, amount FROM provider_calls WHERE merchant_reference = $1 ORDER BY seq",
        [merchantReference],
      );
      const authorize = rows.find((r) => r.operation === "authorize");
      if (authorize === undefined) return undefined;
      const capture = rows.find((r) => r.operation === "capture");
      const zero = { amount: "0", currency: (authorize.amount as Money).currency } as Money;
      return {
        ref: refOf(merchantReference),
        merchantReference,
        status: capture === undefined ? "authorized" : "captured",
        authorized: authorize.amount as Money,
        captured: (capture?.amount as Money | undefined) ?? zero,
        refunded: zero,
        operations: rows.map((r) => ({
          idempotencyKey: String(r.idempotency_key),
          kind: r.operation,
          ...(r.amount === null ? {} : { amount: r.amount as Money }),
        })),
      };
    },
  };
}
