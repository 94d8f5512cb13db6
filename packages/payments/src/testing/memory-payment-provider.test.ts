import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { createMemoryPaymentProvider } from "./memory-payment-provider.js";
import { describePaymentProviderContract } from "./payment-provider.contract.js";

const clock = createManualClock(Date.UTC(2026, 0, 1));

// Without capabilities, the tests of incremental authorization and overcapture are not generated (the run says so).
const basic = describePaymentProviderContract(
  "memory",
  () => ({
    provider: createMemoryPaymentProvider({ clock, declinedMethods: { pm_declined: "card_declined" } }),
    paymentMethod: "pm_ok",
    declinedPaymentMethod: "pm_declined",
  }),
  {},
);
const full = describePaymentProviderContract(
  "memory with every capability",
  () => ({
    provider: createMemoryPaymentProvider({
      clock,
      capabilities: { incrementalAuthorization: true, overcapture: true, multiCapture: true },
      declinedMethods: { pm_declined: "card_declined" },
    }),
    paymentMethod: "pm_ok",
    declinedPaymentMethod: "pm_declined",
  }),
  { capabilities: { incrementalAuthorization: true, overcapture: true, multiCapture: true } },
);

describe("the provider contract on the memory provider", () => {
  it("leaves out only the tests of capabilities the basic provider lacks; with every capability, none", () => {
    expect(basic.omitted).toEqual([
      { name: "captures above the hold up to the announced overcapture limit", requires: "overcapture" },
      { name: "raises a hold with incremental authorization", requires: "incrementalAuthorization" },
    ]);
    expect(full.omitted).toEqual([]);
    const everything = [...basic.generated, ...basic.omitted.map((o) => o.name)];
    expect([...full.generated].sort()).toEqual(everything.sort());
  });
});

describe("memory provider fault injection", () => {
  it("times out before (nothing happened) or after (it happened, the answer was lost)", async () => {
    const provider = createMemoryPaymentProvider({ clock });
    const request = {
      idempotencyKey: "k",
      merchantReference: "m",
      amount: money(5, "EUR"),
      paymentMethod: "pm",
      methodKind: "wallet" as const,
    };
    provider.failNext("authorize", { kind: "timeout", when: "before" });
    await expect(provider.authorize(request)).rejects.toThrow("timed out");
    expect(provider.effects).toHaveLength(0);
    provider.failNext("authorize", { kind: "timeout", when: "after" });
    await expect(provider.authorize(request)).rejects.toThrow("lost");
    expect(provider.effects).toHaveLength(1);
    // the replay returns the first answer
    expect((await provider.authorize(request)).ok).toBe(true);
    expect(provider.effects).toHaveLength(1);
  });

  it("forgets idempotency keys after their lifetime, as PSPs do", async () => {
    const c = createManualClock(0);
    const provider = createMemoryPaymentProvider({
      clock: c,
      idempotencyTtlMs: 1000,
      capabilities: { multiCapture: true },
    });
    const auth = await provider.authorize({
      idempotencyKey: "a",
      merchantReference: "m",
      amount: money(50, "EUR"),
      paymentMethod: "pm",
      methodKind: "wallet",
    });
    const r = auth.ok ? auth.value.ref : "";
    await provider.capture({ idempotencyKey: "c", ref: r, amount: money(5, "EUR") });
    await provider.capture({ idempotencyKey: "c", ref: r, amount: money(5, "EUR") });
    expect(provider.effects.filter((e) => e.operation === "capture")).toHaveLength(1);
    c.advance(1000);
    await provider.capture({ idempotencyKey: "c", ref: r, amount: money(5, "EUR") });
    expect(provider.effects.filter((e) => e.operation === "capture")).toHaveLength(2);
  });
});
