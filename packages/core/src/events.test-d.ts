import { describe, expectTypeOf, it } from "vitest";
import { createEmitter, nextEvent } from "./events.js";

interface Events {
  "station:connected": { stationId: string };
  "meter:sample": { wh: number };
}

describe("typed emitter types", () => {
  it("infers payloads from the event name", () => {
    const events = createEmitter<Events>();
    events.on("meter:sample", (payload) => {
      expectTypeOf(payload).toEqualTypeOf<{ wh: number }>();
    });
    expectTypeOf(nextEvent(events, "station:connected")).resolves.toEqualTypeOf<{ stationId: string }>();
  });

  it("rejects unknown names, wrong payloads and names that are not noun:verb", () => {
    const events = createEmitter<Events>();
    // @ts-expect-error unknown event
    events.emit("station:gone", { stationId: "x" });
    // @ts-expect-error wrong payload
    events.emit("meter:sample", { wh: "12" });
    // @ts-expect-error event names must be noun:verb
    createEmitter<{ connected: { id: string } }>();
  });
});
