import { TransactionId, unwrap } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it } from "vitest";
import * as main from "./index.js";
import * as testing from "./testing.js";

describe("the main entry carries the in-memory payment provider", () => {
  it("is the same provider as the testing entry's, usable without the test helpers", async () => {
    expect(main.createMemoryPaymentProvider).toBe(testing.createMemoryPaymentProvider);
    expect(main.SimulatedCrash).toBe(testing.SimulatedCrash);
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const provider = main.createMemoryPaymentProvider({ clock });
    const service = main.createPaymentService({ store: main.createMemoryPaymentStore(), provider, clock });
    unwrap(
      await service.open({
        sessionId: "s-1",
        paymentMethod: "pm_card",
        methodKind: "card-not-present",
        holdAmount: main.money(30, "EUR"),
      }),
    );
    unwrap(await service.start("s-1", TransactionId.of("tx-1")));
    const settled = unwrap(await service.finalize("s-1", main.money("12.34", "EUR")));
    expect(settled.state).toBe("Captured");
    expect(provider.effects.map((e) => [e.operation, e.amount?.amount])).toEqual([
      ["authorize", "30"],
      ["capture", "12.34"],
    ]);
  });
});
