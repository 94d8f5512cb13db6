import { describe, expectTypeOf, it } from "vitest";
import type * as Ocpp16 from "../generated/v16/index.js";
import type * as Ocpp21 from "../generated/v21/index.js";
import type * as Ocpp201 from "../generated/v201/index.js";
import type {
  ActionName,
  CallableAction,
  HandledAction,
  RequestOf,
  ResponseOf,
  SendableAction,
  SendPayloadOf,
} from "./action-maps.js";

describe("version-keyed action maps", () => {
  it("narrow request and response types per version and action", () => {
    expectTypeOf<RequestOf<"ocpp2.0.1", "TransactionEvent">>().toEqualTypeOf<Ocpp201.TransactionEventRequest>();
    expectTypeOf<ResponseOf<"ocpp2.0.1", "TransactionEvent">>().toEqualTypeOf<Ocpp201.TransactionEventResponse>();
    expectTypeOf<RequestOf<"ocpp1.6", "Reset">>().toEqualTypeOf<Ocpp16.ResetRequest>();
    expectTypeOf<ResponseOf<"ocpp1.6", "Reset">["status"]>().toEqualTypeOf<"Accepted" | "Rejected">();
    expectTypeOf<RequestOf<"ocpp2.1", "Reset">>().toEqualTypeOf<Ocpp21.ResetRequest>();
  });

  it("know which actions exist in which version", () => {
    expectTypeOf<"StartTransaction">().toExtend<ActionName<"ocpp1.6">>();
    expectTypeOf<"StartTransaction">().not.toExtend<ActionName<"ocpp2.0.1">>();
    expectTypeOf<"TransactionEvent">().not.toExtend<ActionName<"ocpp1.6">>();
    expectTypeOf<"AFRRSignal">().toExtend<ActionName<"ocpp2.1">>();
    expectTypeOf<"AFRRSignal">().not.toExtend<ActionName<"ocpp2.0.1">>();
  });

  it("know who sends what", () => {
    expectTypeOf<"Reset">().toExtend<CallableAction<"ocpp1.6", "csms">>();
    expectTypeOf<"Reset">().not.toExtend<CallableAction<"ocpp1.6", "station">>();
    expectTypeOf<"BootNotification">().toExtend<HandledAction<"ocpp2.0.1", "csms">>();
    expectTypeOf<"BootNotification">().not.toExtend<HandledAction<"ocpp2.0.1", "station">>();
    expectTypeOf<"DataTransfer">().toExtend<CallableAction<"ocpp2.0.1", "csms">>();
    expectTypeOf<"DataTransfer">().toExtend<CallableAction<"ocpp2.0.1", "station">>();
  });

  it("types 2.1 SEND messages separately from CALLs", () => {
    expectTypeOf<SendableAction<"ocpp2.1", "station">>().toEqualTypeOf<"NotifyPeriodicEventStream">();
    expectTypeOf<SendableAction<"ocpp2.0.1", "station">>().toEqualTypeOf<never>();
    expectTypeOf<
      SendPayloadOf<"ocpp2.1", "NotifyPeriodicEventStream">
    >().toEqualTypeOf<Ocpp21.NotifyPeriodicEventStreamRequest>();
    expectTypeOf<"NotifyPeriodicEventStream">().not.toExtend<ActionName<"ocpp2.1">>();
  });

  it("keeps optional properties exact and enums literal", () => {
    expectTypeOf<Ocpp16.StopTransactionRequest["reason"]>().toEqualTypeOf<Ocpp16.Reason | undefined>();
    expectTypeOf<Ocpp16.UnitOfMeasure>().toExtend<string>();
    expectTypeOf<"Celsius">().toExtend<Ocpp16.UnitOfMeasure>();
    expectTypeOf<"Celcius">().toExtend<Ocpp16.UnitOfMeasure>();
  });
});
