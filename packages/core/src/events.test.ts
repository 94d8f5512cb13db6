import { describe, expect, it } from "vitest";
import { isChargekitError } from "./errors.js";
import { createEmitter, nextEvent } from "./events.js";

interface Events {
  "queue:joined": { driver: string; position: number };
  "queue:left": { driver: string };
}

describe("typed emitter", () => {
  it("delivers one object payload per event", () => {
    const events = createEmitter<Events>();
    const seen: number[] = [];
    events.on("queue:joined", ({ position }) => seen.push(position));
    events.emit("queue:joined", { driver: "d1", position: 3 });
    expect(seen).toEqual([3]);
  });

  it("nextEvent resolves with the next matching payload", async () => {
    const events = createEmitter<Events>();
    const p = nextEvent(events, "queue:joined", { filter: (e) => e.driver === "d2" });
    events.emit("queue:joined", { driver: "d1", position: 1 });
    events.emit("queue:joined", { driver: "d2", position: 2 });
    await expect(p).resolves.toEqual({ driver: "d2", position: 2 });
    expect(events.listenerCount("queue:joined")).toBe(0);
  });

  it("nextEvent rejects with ABORTED and removes its listener", async () => {
    const events = createEmitter<Events>();
    const controller = new AbortController();
    const p = nextEvent(events, "queue:left", { signal: controller.signal });
    controller.abort();
    await expect(p).rejects.toSatisfy((e) => isChargekitError(e, "ABORTED"));
    expect(events.listenerCount("queue:left")).toBe(0);
    await expect(nextEvent(events, "queue:left", { signal: controller.signal })).rejects.toThrow(
      'stopped waiting for "queue:left"',
    );
  });
});
