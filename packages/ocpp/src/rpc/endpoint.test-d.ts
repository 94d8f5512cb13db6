import { describe, expectTypeOf, it } from "vitest";
import type * as Ocpp16 from "../generated/v16/index.js";
import type * as Ocpp201 from "../generated/v201/index.js";
import type { RpcEndpoint } from "./endpoint-types.js";
import type { CallFailure } from "./errors.js";
import { createHandlerSet } from "./handlers.js";

declare const csms: RpcEndpoint<"csms">;
declare const station: RpcEndpoint<"station">;

describe("endpoint typing", () => {
  it("narrows a handler's request and response by version and action", () => {
    csms.handle("ocpp2.0.1", "TransactionEvent", ({ payload }) => {
      expectTypeOf(payload).toEqualTypeOf<Ocpp201.TransactionEventRequest>();
      expectTypeOf(payload.eventType).toEqualTypeOf<"Ended" | "Started" | "Updated">();
      return { totalCost: 1.5 } satisfies Ocpp201.TransactionEventResponse;
    });
    // @ts-expect-error the response must match TransactionEventResponse
    csms.handle("ocpp2.0.1", "TransactionEvent", () => ({ totalCost: "free" }));
    // @ts-expect-error a CSMS does not receive Reset
    csms.handle("ocpp1.6", "Reset", () => ({ status: "Accepted" }));
    station.handle("ocpp1.6", "Reset", ({ payload }) => {
      expectTypeOf(payload.type).toEqualTypeOf<"Hard" | "Soft">();
      return { status: payload.type === "Hard" ? "Accepted" : "Rejected" };
    });
  });

  it("types call() by version and action", () => {
    const reset = csms.call("ocpp1.6", "Reset", { type: "Soft" });
    expectTypeOf(reset).resolves.toEqualTypeOf<
      { readonly ok: true; readonly value: Ocpp16.ResetResponse } | { readonly ok: false; readonly error: CallFailure }
    >();
    // @ts-expect-error the payload must match ResetRequest
    void csms.call("ocpp1.6", "Reset", { type: "Warm" });
    // @ts-expect-error a CSMS does not call BootNotification
    void csms.call("ocpp1.6", "BootNotification", { chargePointVendor: "a", chargePointModel: "b" });
    // @ts-expect-error TransactionEvent does not exist in 1.6
    void station.call("ocpp1.6", "TransactionEvent", {});
    void station.call("ocpp2.0.1", "DataTransfer", { vendorId: "acme" });
    void csms.call("ocpp2.0.1", "DataTransfer", { vendorId: "acme" });
  });

  it("types SEND separately (2.1 only)", () => {
    station.send("ocpp2.1", "NotifyPeriodicEventStream", {
      id: 1,
      pending: 0,
      basetime: "x",
      data: [{ t: 0, v: "1" }],
    });
    // @ts-expect-error the CSMS does not send NotifyPeriodicEventStream
    csms.send("ocpp2.1", "NotifyPeriodicEventStream", { id: 1, pending: 0, basetime: "x", data: [] });
    csms.handleSend("ocpp2.1", "NotifyPeriodicEventStream", ({ payload }) => {
      expectTypeOf(payload.id).toEqualTypeOf<number>();
    });
  });

  it("types shared handler sets by role", () => {
    const handlers = createHandlerSet<"csms">();
    handlers.handle("ocpp1.6", "BootNotification", () => ({
      status: "Accepted",
      currentTime: "2026-01-01T00:00:00Z",
      interval: 300,
    }));
    // @ts-expect-error a CSMS handler set does not handle ChangeAvailability
    handlers.handle("ocpp1.6", "ChangeAvailability", () => ({ status: "Accepted" }));
  });
});
