import { DriverId, HOUR, IdToken, MINUTE, SiteId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createReservationEngine } from "../engine.js";
import { EvseRef, type EvseSpec } from "../evse.js";
import { createMemoryReservationStore } from "../memory-store.js";
import { fitDwellModel } from "./dwell-model.js";
import type { QueueEvents } from "./queue-events.js";
import { createSiteQueue } from "./virtual-queue.js";

const T0 = Date.UTC(2026, 2, 2, 8);
const site = SiteId.of("hub");
const ac = { connectorType: "cType2", minPower: 0 };
const dc = { connectorType: "cCCS2", minPower: 50_000 };
const SPECS: EvseSpec[] = [
  { ref: EvseRef.of("AC1"), connectorTypes: ["cType2"], maxPower: 22_000 },
  { ref: EvseRef.of("AC2"), connectorTypes: ["cType2"], maxPower: 22_000 },
  { ref: EvseRef.of("DC1"), connectorTypes: ["cCCS2"], maxPower: 150_000 },
];
const d = (n: number) => DriverId.of(`driver-${n}`);

function standalone() {
  const clock = createManualClock(T0);
  const queue = createSiteQueue({ site, clock, evses: SPECS });
  const log: string[] = [];
  queue.events.on("queue:offer", (e) => log.push(`offer ${e.driver} ${e.evse}`));
  queue.events.on("queue:snoozed", (e) => log.push(`snoozed ${e.driver} ${e.snoozes}${e.automatic ? " auto" : ""}`));
  queue.events.on("queue:left", (e) => log.push(`left ${e.driver} ${e.reason}`));
  return { clock, queue, log };
}

describe("virtual queue", () => {
  it("offers a freed EVSE to the first eligible driver; snooze keeps the place and passes it on", async () => {
    const { queue, log } = standalone();
    queue.join({ driver: d(1), need: dc });
    queue.join({ driver: d(2), need: ac });
    queue.join({ driver: d(3), need: ac });
    queue.evseFreed(EvseRef.of("AC1"));
    expect(log).toEqual(["offer driver-2 AC1"]);
    expect(queue.snooze(d(2))).toBe(true);
    expect(log.slice(1)).toEqual(["snoozed driver-2 1", "offer driver-3 AC1"]);
    expect(queue.position(d(2))).toBe(2);
    queue.evseFreed(EvseRef.of("AC2"));
    expect(log.at(-1)).toBe("offer driver-2 AC2");
    const accepted = await queue.accept(d(2));
    expect(accepted.ok && accepted.value.evse).toBe("AC2");
    expect(queue.position(d(3))).toBe(2);
  });

  it("auto-snoozes after the response timeout and removes a driver after too many snoozes", () => {
    const { queue, clock, log } = standalone();
    queue.join({ driver: d(1), need: ac });
    queue.evseFreed(EvseRef.of("AC1"));
    clock.advance(3 * MINUTE);
    // nobody else is eligible, so the snoozed charger waits in the pool until the driver may have it again
    expect(log).toEqual(["offer driver-1 AC1", "snoozed driver-1 1 auto"]);
    queue.evseFreed(EvseRef.of("AC2"));
    clock.advance(3 * MINUTE);
    queue.evseFreed(EvseRef.of("AC1"));
    clock.advance(3 * MINUTE);
    expect(log.slice(2)).toEqual([
      "offer driver-1 AC2",
      "snoozed driver-1 2 auto",
      "offer driver-1 AC1",
      "snoozed driver-1 3 auto",
      "left driver-1 max_snoozes",
    ]);
    expect(queue.size).toBe(0);
  });

  it("refuses duplicates, a full queue and bad input", () => {
    const clock = createManualClock(T0);
    const queue = createSiteQueue({ site, clock, evses: SPECS, policy: { maxLength: 1 } });
    expect(queue.join({ driver: d(1), need: ac }).ok).toBe(true);
    expect(queue.join({ driver: d(1), need: ac })).toEqual({ ok: false, error: { reason: "already_queued" } });
    expect(queue.join({ driver: d(2), need: ac })).toEqual({ ok: false, error: { reason: "queue_full" } });
    const bad = queue.join({ driver: "" as DriverId, need: ac });
    expect(bad.ok === false && bad.error.message).toContain("driver");
  });

  it("with an engine: takes freed EVSEs from sessions ending, holds the accepted charger, and estimates the wait", async () => {
    const clock = createManualClock(T0);
    const engine = createReservationEngine({
      store: createMemoryReservationStore(),
      clock,
      sites: [{ site, evses: SPECS }],
    });
    await engine.start();
    const queue = createSiteQueue({ site, clock, engine });
    await engine.sessionStarted({ evse: EvseRef.of("AC1"), sessionId: "x1", at: T0 });
    await engine.sessionStarted({ evse: EvseRef.of("AC2"), sessionId: "x2", at: T0 });
    queue.join({ driver: d(1), idToken: IdToken.of("ONE"), need: ac });
    queue.join({ driver: d(2), idToken: IdToken.of("TWO"), need: ac });
    const model = fitDwellModel(
      Array.from({ length: 50 }, (_, i) => ({
        start: T0 - 7 * 24 * HOUR,
        end: T0 - 7 * 24 * HOUR + (60 + i * 4) * MINUTE,
      })),
    );
    const first = queue.estimate(d(1), model);
    const second = queue.estimate(d(2), model);
    expect(first?.position).toBe(1);
    expect((second?.p50 ?? 0) >= (first?.p50 ?? Infinity)).toBe(true);
    clock.advance(HOUR);
    await engine.sessionEnded({ evse: EvseRef.of("AC2"), sessionId: "x2" });
    expect(queue.offerOf(d(1))?.evse).toBe("AC2");
    const accepted = await queue.accept(d(1));
    expect(accepted.ok && accepted.value.reservation?.evse).toBe("AC2");
    expect(engine.authorizeStart(EvseRef.of("AC2"), { idToken: IdToken.of("WALK-UP") })).toMatchObject({
      allowed: false,
      reason: "reserved",
    });
    expect(engine.authorizeStart(EvseRef.of("AC2"), { idToken: IdToken.of("ONE") })).toMatchObject({ allowed: true });
    queue.close();
  });

  it("fairness on random operations: positions never move back, offers go to the first eligible driver in line", () => {
    const ops = fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant("join" as const), driver: fc.nat({ max: 7 }), dc: fc.boolean() }),
        fc.record({ kind: fc.constant("leave" as const), driver: fc.nat({ max: 7 }) }),
        fc.record({ kind: fc.constant("snooze" as const), driver: fc.nat({ max: 7 }) }),
        fc.record({ kind: fc.constant("free" as const), evse: fc.constantFrom("AC1", "AC2", "DC1") }),
        fc.record({ kind: fc.constant("taken" as const), evse: fc.constantFrom("AC1", "AC2", "DC1") }),
        fc.record({ kind: fc.constant("wait" as const), minutes: fc.integer({ min: 1, max: 4 }) }),
      ),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(ops, (list) => {
        const { queue, clock } = standalone();
        const lastPosition = new Map<string, number>();
        const offers: QueueEvents["queue:offer"][] = [];
        queue.events.on("queue:joined", (e) => lastPosition.set(e.driver, e.position));
        queue.events.on("queue:position", (e) => {
          expect(e.position).toBeLessThan(lastPosition.get(e.driver) ?? Infinity);
          lastPosition.set(e.driver, e.position);
        });
        queue.events.on("queue:left", (e) => lastPosition.delete(e.driver));
        queue.events.on("queue:offer", (e) => offers.push(e));
        const needs = new Map<string, typeof ac>();
        for (const o of list) {
          const before = offers.length;
          if (o.kind === "join") {
            const need = o.dc ? dc : ac;
            if (queue.join({ driver: d(o.driver), need }).ok) needs.set(d(o.driver), need);
          } else if (o.kind === "leave") queue.leave(d(o.driver));
          else if (o.kind === "snooze") queue.snooze(d(o.driver));
          else if (o.kind === "free") queue.evseFreed(EvseRef.of(o.evse));
          else if (o.kind === "taken") queue.evseTaken(EvseRef.of(o.evse));
          else clock.advance(o.minutes * MINUTE);
          for (const offer of offers.slice(before)) {
            const spec = SPECS.find((s) => s.ref === offer.evse) as EvseSpec;
            const position = queue.position(offer.driver) as number;
            const need = needs.get(offer.driver) as typeof ac;
            expect(spec.connectorTypes.includes(need.connectorType) && spec.maxPower >= need.minPower).toBe(true);
            expect(offer.expiresAt).toBe(offer.at + queue.policy.responseTimeout);
            // everyone eligible ahead holds an offer of their own or passed on this charger before
            for (let p = 1; p < position; p++) {
              const ahead = [...needs.keys()].find((k) => queue.position(k as DriverId) === p);
              if (ahead === undefined) continue;
              const aheadNeed = needs.get(ahead) as typeof ac;
              const eligible =
                spec.connectorTypes.includes(aheadNeed.connectorType) && spec.maxPower >= aheadNeed.minPower;
              if (eligible && queue.offerOf(ahead as DriverId) === undefined) {
                expect(offers.some((x) => x.driver === ahead && x.evse === offer.evse)).toBe(true);
              }
            }
          }
        }
        queue.close();
      }),
      { numRuns: 200 },
    );
  });
});
