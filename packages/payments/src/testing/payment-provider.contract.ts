import { isChargekitError, unwrap } from "@chargekit/core";
import { defineContractSuite } from "@chargekit/core/testing";
import { expect } from "vitest";
import { compareMoney, isZeroMoney, type Money, money } from "../money/money.js";
import type { PaymentProvider, PaymentProviderCapability } from "../sessions/payment-provider.js";

/**
 * What the provider contract needs from an adapter under test: the provider, a payment method it authorises, a
 * payment method it declines (sandbox test cards do both), and a currency it accepts.
 *
 * @category Testing
 */
export interface PaymentProviderHarness {
  /** The adapter under test. */
  readonly provider: PaymentProvider;
  /** A payment method the provider authorises (e.g. a sandbox test card token). */
  readonly paymentMethod: string;
  /** A payment method the provider declines (e.g. a sandbox's "card declined" test card). */
  readonly declinedPaymentMethod: string;
  /** Currency to test with (default EUR). */
  readonly currency?: string;
}

let sequence = 0;
const ref = (name: string) => `contract-${Date.now().toString(36)}-${++sequence}-${name}`;

/**
 * The behavioural contract of a {@link PaymentProvider}: holds, idempotency keys (same key → same answer, one effect),
 * captures within the hold, voids, refunds within the capture, retrieval for reconciliation with the operations and
 * their keys, declines as results, and the optional features it announces (incremental authorization, overcapture).
 *
 * @example
 * ```ts
 * describePaymentProviderContract(
 *   "memory",
 *   () => ({
 *     provider: createMemoryPaymentProvider({ clock, declinedMethods: { pm_declined: "card_declined" } }),
 *     paymentMethod: "pm_ok",
 *     declinedPaymentMethod: "pm_declined",
 *   }),
 *   { capabilities: {} }, // incremental authorization and overcapture tests are then not generated
 * );
 * ```
 * @category Testing
 */
export const describePaymentProviderContract = defineContractSuite<PaymentProviderHarness, PaymentProviderCapability>(
  "PaymentProvider",
  (t) => {
    const h = () => t.subject();
    const cur = () => h().currency ?? "EUR";
    const m = (amount: string): Money => money(amount, cur());
    const hold = async (amount: string, name: string) => {
      const merchantReference = ref(name);
      const r = await h().provider.authorize({
        idempotencyKey: `${merchantReference}:auth`,
        merchantReference,
        amount: m(amount),
        paymentMethod: h().paymentMethod,
        methodKind: "card-not-present",
      });
      return { merchantReference, authorization: unwrap(r) };
    };

    t.test("announces a positive hold validity for every kind of payment method", () => {
      for (const kind of ["card-present", "card-not-present", "wallet"] as const) {
        expect(h().provider.holdValidity(kind)).toBeGreaterThan(0);
      }
    });

    t.test("places a hold and reports it on retrieve, with the operation's idempotency key", async () => {
      const { merchantReference, authorization } = await hold("25.00", "hold");
      expect(authorization.authorized).toEqual(m("25"));
      const payment = await h().provider.retrieve({ merchantReference });
      expect(payment?.ref).toBe(authorization.ref);
      expect(payment?.status).toBe("authorized");
      expect(payment?.operations.map((o) => [o.kind, o.idempotencyKey])).toEqual([
        ["authorize", `${merchantReference}:auth`],
      ]);
      expect(await h().provider.retrieve({ merchantReference: ref("never") })).toBeUndefined();
    });

    t.test("answers a repeated idempotency key with the first answer and performs the operation once", async () => {
      const merchantReference = ref("replay");
      const request = {
        idempotencyKey: `${merchantReference}:auth`,
        merchantReference,
        amount: m("10"),
        paymentMethod: h().paymentMethod,
        methodKind: "card-present" as const,
      };
      const first = unwrap(await h().provider.authorize(request));
      const again = unwrap(await h().provider.authorize(request));
      expect(again).toEqual(first);
      const capture = { idempotencyKey: `${merchantReference}:capture`, ref: first.ref, amount: m("4") };
      expect(unwrap(await h().provider.capture(capture))).toEqual(unwrap(await h().provider.capture(capture)));
      const payment = await h().provider.retrieve({ merchantReference });
      expect(payment?.captured).toEqual(m("4"));
      expect(payment?.operations.filter((o) => o.kind === "capture")).toHaveLength(1);
    });

    t.test("captures within the hold and releases the rest", async () => {
      const { merchantReference, authorization } = await hold("30", "capture");
      const r = unwrap(
        await h().provider.capture({
          idempotencyKey: `${merchantReference}:capture`,
          ref: authorization.ref,
          amount: m("12.34"),
        }),
      );
      expect(r.captured).toEqual(m("12.34"));
      const payment = await h().provider.retrieve({ merchantReference });
      expect(payment?.status).toBe("captured");
      expect(payment?.operations.find((o) => o.kind === "capture")?.idempotencyKey).toBe(
        `${merchantReference}:capture`,
      );
    });

    t.test("declines a capture above the hold (above the overcapture limit when one is announced)", async () => {
      const { merchantReference, authorization } = await hold("10", "over");
      const limit = t.has("overcapture") ? (h().provider.overcaptureLimit?.(m("10")) ?? m("10")) : m("10");
      const above = money((Number(limit.amount) + 0.01).toFixed(2), cur());
      const r = await h().provider.capture({
        idempotencyKey: `${merchantReference}:capture`,
        ref: authorization.ref,
        amount: above,
      });
      expect(r.ok).toBe(false);
      expect((await h().provider.retrieve({ merchantReference }))?.captured).toEqual(m("0"));
    });

    t.test(
      "captures above the hold up to the announced overcapture limit",
      async () => {
        const { merchantReference, authorization } = await hold("10", "overcapture");
        const limit = h().provider.overcaptureLimit?.(m("10"));
        expect(limit !== undefined && compareMoney(limit, m("10")) > 0).toBe(true);
        const r = await h().provider.capture({
          idempotencyKey: `${merchantReference}:capture`,
          ref: authorization.ref,
          amount: m("10.5"),
        });
        expect(r.ok).toBe(compareMoney(m("10.5"), limit as Money) <= 0);
      },
      { requires: "overcapture" },
    );

    t.test("voids a hold; a capture afterwards is declined", async () => {
      const { merchantReference, authorization } = await hold("20", "void");
      unwrap(await h().provider.void({ idempotencyKey: `${merchantReference}:void`, ref: authorization.ref }));
      expect((await h().provider.retrieve({ merchantReference }))?.status).toBe("voided");
      const r = await h().provider.capture({
        idempotencyKey: `${merchantReference}:capture`,
        ref: authorization.ref,
        amount: m("1"),
      });
      expect(r.ok).toBe(false);
    });

    t.test("refunds within the captured amount, once per key, and declines more", async () => {
      const { merchantReference, authorization } = await hold("20", "refund");
      unwrap(
        await h().provider.capture({
          idempotencyKey: `${merchantReference}:capture`,
          ref: authorization.ref,
          amount: m("15"),
        }),
      );
      const first = { idempotencyKey: `${merchantReference}:refund:1`, ref: authorization.ref, amount: m("5") };
      unwrap(await h().provider.refund(first));
      unwrap(await h().provider.refund(first));
      const over = await h().provider.refund({
        idempotencyKey: `${merchantReference}:refund:2`,
        ref: authorization.ref,
        amount: m("10.01"),
      });
      expect(over.ok).toBe(false);
      const payment = await h().provider.retrieve({ merchantReference });
      expect(payment?.refunded).toEqual(m("5"));
      expect(payment?.operations.filter((o) => o.kind === "refund").map((o) => o.idempotencyKey)).toEqual([
        first.idempotencyKey,
      ]);
    });

    t.test("returns a decline, not an exception, for a refused payment method", async () => {
      const declined = h().declinedPaymentMethod;
      const merchantReference = ref("declined");
      const r = await h().provider.authorize({
        idempotencyKey: `${merchantReference}:auth`,
        merchantReference,
        amount: m("10"),
        paymentMethod: declined,
        methodKind: "card-present",
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(typeof r.error.code).toBe("string");
      expect(await h().provider.retrieve({ merchantReference })).toBeUndefined();
    });

    t.test("refuses an amount its currency cannot represent (more decimals than the minor unit)", async () => {
      const merchantReference = ref("decimals");
      let refused = false;
      try {
        const r = await h().provider.authorize({
          idempotencyKey: `${merchantReference}:auth`,
          merchantReference,
          amount: m("10.001"),
          paymentMethod: h().paymentMethod,
          methodKind: "card-present",
        });
        refused = !r.ok;
      } catch (error) {
        refused = isChargekitError(error, "INVALID_ARGUMENT");
      }
      expect(refused).toBe(true);
    });

    t.test(
      "raises a hold with incremental authorization",
      async () => {
        const { merchantReference, authorization } = await hold("10", "increment");
        const r = unwrap(
          await h().provider.increment({
            idempotencyKey: `${merchantReference}:increment:1`,
            ref: authorization.ref,
            total: m("25"),
          }),
        );
        expect(r.authorized).toEqual(m("25"));
        const payment = await h().provider.retrieve({ merchantReference });
        expect(payment?.authorized).toEqual(m("25"));
        expect(isZeroMoney(payment?.captured ?? m("1"))).toBe(true);
      },
      { requires: "incrementalAuthorization" },
    );
  },
);
