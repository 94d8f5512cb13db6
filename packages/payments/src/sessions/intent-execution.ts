import { ChargekitError } from "@chargekit/core";
import type { PaymentCommand } from "./payment-commands.js";
import type { PaymentProvider, ProviderPayment } from "./payment-provider.js";
import type { PaymentSession } from "./payment-session.js";
import type { PaymentIntent } from "./payment-store.js";

/**
 * The outcome of an intent as the provider already knows it, or `undefined` when the provider has no trace of it (then
 * it must be performed, with the same idempotency key).
 *
 * @internal
 */
export function reconcile(
  intent: PaymentIntent,
  session: PaymentSession,
  payment: ProviderPayment | undefined,
  fallbackExpiry: number,
): PaymentCommand | undefined {
  if (payment === undefined || payment.merchantReference !== session.id) return undefined;
  const op = payment.operations.find((o) => o.idempotencyKey === intent.key);
  switch (intent.operation) {
    case "authorize":
      return op === undefined
        ? undefined
        : {
            type: "authorization.succeeded",
            ref: payment.ref,
            authorized: op.amount ?? payment.authorized,
            expiresAt: payment.expiresAt ?? fallbackExpiry,
          };
    case "increment":
      return op === undefined
        ? undefined
        : {
            type: "increment.succeeded",
            n: intent.seq ?? session.increments,
            authorized: payment.authorized,
            expiresAt: payment.expiresAt ?? session.holdExpiresAt ?? fallbackExpiry,
          };
    case "capture":
      return op === undefined
        ? undefined
        : { type: "capture.succeeded", attempt: intent.seq ?? 1, captured: op.amount ?? payment.captured };
    case "void":
      return op !== undefined || payment.status === "voided" || payment.status === "expired"
        ? { type: "void.succeeded" }
        : undefined;
    case "refund":
      return op === undefined
        ? undefined
        : { type: "refund.succeeded", n: intent.seq ?? 1, refundRef: op.ref ?? intent.key };
  }
}

/**
 * Performs an intent at the provider with its idempotency key and turns the answer into a command. Throws what the
 * provider throws (an unknown outcome).
 *
 * @internal
 */
export async function runProviderOperation(
  provider: PaymentProvider,
  intent: PaymentIntent,
  session: PaymentSession,
): Promise<PaymentCommand> {
  const key = intent.key;
  const needRef = (): string => {
    if (session.providerRef === undefined) {
      throw new ChargekitError("INTERNAL", `session ${session.id} has no provider reference for ${intent.operation}`);
    }
    return session.providerRef;
  };
  const needAmount = () => {
    if (intent.amount === undefined) throw new ChargekitError("INTERNAL", `intent ${key} has no amount`);
    return intent.amount;
  };
  switch (intent.operation) {
    case "authorize": {
      const r = await provider.authorize({
        idempotencyKey: key,
        merchantReference: session.id,
        amount: needAmount(),
        paymentMethod: session.paymentMethod,
        methodKind: session.methodKind,
      });
      return r.ok
        ? {
            type: "authorization.succeeded",
            ref: r.value.ref,
            authorized: r.value.authorized,
            expiresAt: r.value.expiresAt,
          }
        : { type: "authorization.declined", decline: r.error };
    }
    case "increment": {
      const n = intent.seq ?? session.increments;
      const r = await provider.increment({ idempotencyKey: key, ref: needRef(), total: needAmount() });
      return r.ok
        ? { type: "increment.succeeded", n, authorized: r.value.authorized, expiresAt: r.value.expiresAt }
        : { type: "increment.declined", n, decline: r.error };
    }
    case "capture": {
      const attempt = intent.seq ?? 1;
      const r = await provider.capture({ idempotencyKey: key, ref: needRef(), amount: needAmount() });
      return r.ok
        ? { type: "capture.succeeded", attempt, captured: r.value.captured }
        : { type: "capture.failed", attempt, decline: r.error };
    }
    case "void": {
      const r = await provider.void({ idempotencyKey: key, ref: needRef() });
      return r.ok ? { type: "void.succeeded" } : { type: "void.failed", decline: r.error };
    }
    case "refund": {
      const n = intent.seq ?? 1;
      const r = await provider.refund({ idempotencyKey: key, ref: needRef(), amount: needAmount() });
      return r.ok
        ? { type: "refund.succeeded", n, refundRef: r.value.refundRef }
        : { type: "refund.failed", n, decline: r.error };
    }
  }
}
