import { ChargekitError, HOUR, MINUTE, TransactionId, unwrap } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Money, money } from "../money/money.js";
import { createMemoryPaymentStore } from "../sessions/memory-payment-store.js";
import type { ProviderEvent } from "../sessions/payment-provider.js";
import { createPaymentService } from "../sessions/payment-service.js";
import { createMemoryPaymentProvider, type MemoryPaymentProvider, SimulatedCrash } from "./memory-payment-provider.js";
import {
  type MemoryPaymentProviderChange,
  type MemoryPaymentProviderState,
  type MemoryProviderPaymentRecord,
  type MemoryProviderResponseRecord,
  type ProviderCall,
  parseMemoryPaymentProviderState,
} from "./memory-provider-state.js";

const eur = (amount: string): Money => money(amount, "EUR");

/**
 * A persistence port that keeps what it is given the way a database table would (payments by ref, answers by key,
 * effects and events by position) and can fail its next saves. `state()` is what a restarted process reads back.
 */
function tableStore() {
  const payments = new Map<string, MemoryProviderPaymentRecord>();
  const responses = new Map<string, MemoryProviderResponseRecord>();
  const effects: ProviderCall[] = [];
  const events: ProviderEvent[] = [];
  let counters = { payments: 0, events: 0 };
  let failures = 0;
  const saves: MemoryPaymentProviderChange[] = [];
  return {
    saves,
    failNextSaves(n: number) {
      failures = n;
    },
    persistence: {
      async save(change: MemoryPaymentProviderChange) {
        await Promise.resolve();
        if (failures > 0) {
          failures--;
          throw new Error("database unreachable");
        }
        const copy = JSON.parse(JSON.stringify(change)) as MemoryPaymentProviderChange; // what a JSON column keeps
        saves.push(copy);
        for (const p of copy.payments) payments.set(p.ref, p);
        for (const r of copy.responses) responses.set(r.idempotencyKey, r);
        for (const e of copy.effects) effects[e.seq] = e.call;
        for (const e of copy.events) events[e.seq] = e.event;
        counters = copy.counters;
      },
    },
    state(): MemoryPaymentProviderState {
      return unwrap(
        parseMemoryPaymentProviderState({
          version: 1,
          payments: [...payments.values()],
          responses: [...responses.values()],
          effects,
          events,
          counters,
        }),
      );
    },
  };
}

const authorizeRequest = (key: string, reference: string, amount = eur("50")) => ({
  idempotencyKey: key,
  merchantReference: reference,
  amount,
  paymentMethod: "pm_card",
  methodKind: "card-present" as const,
});

const captures = (provider: MemoryPaymentProvider) => provider.effects.filter((e) => e.operation === "capture");

describe("memory provider state: export and restore", () => {
  it("continues from an exported state: captures a hold made before, replays answers, never captures twice", async () => {
    const clock = createManualClock(Date.UTC(2026, 3, 1, 8));
    const first = createMemoryPaymentProvider({ clock });
    const held = unwrap(await first.authorize(authorizeRequest("s1:auth", "s1")));
    const voided = unwrap(await first.authorize(authorizeRequest("s2:auth", "s2")));
    unwrap(await first.void({ idempotencyKey: "s2:void", ref: voided.ref }));
    const declined = await first.capture({ idempotencyKey: "s2:capture", ref: voided.ref, amount: eur("1") });

    // the exported state is plain JSON, and reads back as it was
    const exported = first.exportState();
    const state = unwrap(parseMemoryPaymentProviderState(JSON.parse(JSON.stringify(exported))));
    expect(state).toEqual(exported);
    expect(state.counters).toEqual({ payments: 2, events: 3 });

    clock.advance(HOUR);
    const second = createMemoryPaymentProvider({ clock, state });
    expect(second.effects).toEqual(first.effects);
    // every earlier key answers as it did, without a new effect
    expect(await second.authorize(authorizeRequest("s1:auth", "s1"))).toEqual({ ok: true, value: held });
    expect(await second.capture({ idempotencyKey: "s2:capture", ref: voided.ref, amount: eur("1") })).toEqual(declined);
    // the hold made before the restart is captured, once
    const capture = { idempotencyKey: "s1:capture", ref: held.ref, amount: eur("18.40") };
    expect(unwrap(await second.capture(capture))).toEqual({ captured: eur("18.40") });
    expect(unwrap(await second.capture(capture))).toEqual({ captured: eur("18.40") });
    const again = await second.capture({ ...capture, idempotencyKey: "s1:capture:2" });
    expect(again).toMatchObject({ ok: false, error: { code: "invalid_state" } });
    expect(captures(second)).toEqual(
      [capture].map(({ idempotencyKey, amount }) => ({ operation: "capture", idempotencyKey, amount })),
    );
    expect(await second.retrieve({ merchantReference: "s1" })).toMatchObject({
      ref: held.ref,
      status: "captured",
      captured: eur("18.40"),
      operations: [{ kind: "authorize" }, { kind: "capture", idempotencyKey: "s1:capture" }],
    });
    // new references and event ids continue the old counters
    const events: ProviderEvent[] = [];
    second.subscribe((e) => events.push(e));
    const third = unwrap(await second.authorize(authorizeRequest("s3:auth", "s3")));
    expect(third.ref).toBe("pay_3");
    expect(events.map((e) => e.id)).toEqual(["evt_5"]); // evt_4 was s1's capture
    // the first provider is not touched by the second
    expect(captures(first)).toEqual([]);
  });

  it("honours the idempotency-key lifetime across a restore", async () => {
    const clock = createManualClock(Date.UTC(2026, 3, 1));
    const first = createMemoryPaymentProvider({ clock, idempotencyTtlMs: HOUR, capabilities: { multiCapture: true } });
    const hold = unwrap(await first.authorize(authorizeRequest("a", "m")));
    const capture = { idempotencyKey: "c", ref: hold.ref, amount: eur("5") };
    unwrap(await first.capture(capture));
    const second = createMemoryPaymentProvider({
      clock,
      idempotencyTtlMs: HOUR,
      capabilities: { multiCapture: true },
      state: first.exportState(),
    });
    unwrap(await second.capture(capture));
    expect(captures(second)).toHaveLength(1);
    clock.advance(HOUR);
    unwrap(await second.capture(capture)); // the key was forgotten: a new capture
    expect(captures(second)).toHaveLength(2);
  });

  it("refuses a stored state that is not one, naming the field", () => {
    const state = createMemoryPaymentProvider({ clock: createManualClock(0) }).exportState();
    const bad = parseMemoryPaymentProviderState({
      ...state,
      payments: [{ ref: "pay_1", merchantReference: "m", status: "authorized", authorized: { amount: "x" } }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toBeInstanceOf(ChargekitError);
      expect(bad.error.code).toBe("INVALID_INPUT");
      expect(bad.error.message).toContain("payments[0].authorized");
    }
    const version = parseMemoryPaymentProviderState({ ...state, version: 2 });
    expect(version.ok ? "" : version.error.message).toContain("version");
  });
});

describe("memory provider state: persistence", () => {
  it("saves every change before the answer, and webhooks go out after the save", async () => {
    const clock = createManualClock(Date.UTC(2026, 3, 1));
    const table = tableStore();
    const provider = createMemoryPaymentProvider({ clock, persistence: table.persistence });
    const seen: { event: string; saved: number }[] = [];
    provider.subscribe((e) => seen.push({ event: e.type, saved: table.saves.length }));
    const hold = unwrap(await provider.authorize(authorizeRequest("s1:auth", "s1")));
    expect(table.saves).toHaveLength(1);
    expect(table.state()).toEqual(provider.exportState());
    unwrap(await provider.capture({ idempotencyKey: "s1:capture", ref: hold.ref, amount: eur("7") }));
    expect(table.state()).toEqual(provider.exportState());
    expect(seen).toEqual([
      { event: "authorization.succeeded", saved: 1 },
      { event: "capture.succeeded", saved: 2 },
    ]);
    // a replay changes nothing and saves nothing
    unwrap(await provider.capture({ idempotencyKey: "s1:capture", ref: hold.ref, amount: eur("7") }));
    expect(table.saves).toHaveLength(2);
    // a lapsed hold is saved as expired
    const other = unwrap(await provider.authorize(authorizeRequest("s2:auth", "s2")));
    clock.advance(6 * 24 * HOUR);
    await provider.expireHolds();
    expect(table.state().payments.find((p) => p.ref === other.ref)?.status).toBe("expired");
    expect(table.state()).toEqual(provider.exportState());
  });

  it("keeps the effect of a call that crashed after it (the provider did it), and answers a replay from it", async () => {
    const clock = createManualClock(Date.UTC(2026, 3, 1));
    const table = tableStore();
    const provider = createMemoryPaymentProvider({ clock, persistence: table.persistence });
    const hold = unwrap(await provider.authorize(authorizeRequest("s1:auth", "s1")));
    provider.failNext("capture", { kind: "crash", when: "after" });
    const capture = { idempotencyKey: "s1:capture", ref: hold.ref, amount: eur("9.99") };
    await expect(provider.capture(capture)).rejects.toBeInstanceOf(SimulatedCrash);
    const restarted = createMemoryPaymentProvider({ clock, state: table.state(), persistence: table.persistence });
    expect(unwrap(await restarted.capture(capture))).toEqual({ captured: eur("9.99") });
    expect(captures(restarted)).toHaveLength(1);
  });

  it("answers nothing it could not save: a failed save is an unknown outcome, saved whole before the next answer", async () => {
    const clock = createManualClock(Date.UTC(2026, 3, 1));
    const table = tableStore();
    const provider = createMemoryPaymentProvider({ clock, persistence: table.persistence });
    const seen: string[] = [];
    provider.subscribe((e) => seen.push(e.type));
    table.failNextSaves(1);
    const error = await provider.authorize(authorizeRequest("s1:auth", "s1")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChargekitError);
    expect((error as ChargekitError).code).toBe("PORT_FAILURE");
    expect(table.saves).toHaveLength(0);
    expect(seen).toEqual([]);
    // the payment service reconciles: retrieve saves what was held back before it reports the hold
    table.failNextSaves(1);
    await expect(provider.retrieve({ merchantReference: "s1" })).rejects.toThrow("database unreachable");
    const found = await provider.retrieve({ merchantReference: "s1" });
    expect(found).toMatchObject({ status: "authorized", operations: [{ idempotencyKey: "s1:auth" }] });
    expect(table.state()).toEqual(provider.exportState());
    expect(seen).toEqual(["authorization.succeeded"]);
    // a restart from the table knows the hold
    const restarted = createMemoryPaymentProvider({ clock, state: table.state() });
    const hold = unwrap(await restarted.authorize(authorizeRequest("s1:auth", "s1")));
    expect(unwrap(await restarted.capture({ idempotencyKey: "s1:capture", ref: hold.ref, amount: eur("3") }))).toEqual({
      captured: eur("3"),
    });
  });

  it("saves concurrent calls in order: the table ends as the provider is", async () => {
    const clock = createManualClock(Date.UTC(2026, 3, 1));
    const table = tableStore();
    const provider = createMemoryPaymentProvider({
      clock,
      persistence: table.persistence,
      capabilities: { multiCapture: true, incrementalAuthorization: true },
    });
    const hold = unwrap(await provider.authorize(authorizeRequest("s1:auth", "s1", eur("100"))));
    await Promise.all([
      provider.increment({ idempotencyKey: "s1:increment:1", ref: hold.ref, total: eur("120") }),
      provider.capture({ idempotencyKey: "s1:capture", ref: hold.ref, amount: eur("10") }),
      provider.capture({ idempotencyKey: "s1:capture:2", ref: hold.ref, amount: eur("15") }),
      provider.authorize(authorizeRequest("s2:auth", "s2")),
    ]);
    expect(table.state()).toEqual(provider.exportState());
    expect(table.state().payments.find((p) => p.ref === hold.ref)?.captured).toEqual(eur("25"));
  });
});

describe("a CSMS that dies with its payments in flight, on a provider that keeps its state", () => {
  it("captures each hold once after the restart, wherever the process died", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom("crash-before", "crash-after"),
        fc.integer({ min: 1, max: 5_000 }),
        async (crashAt, kind, costCents) => {
          const clock = createManualClock(Date.UTC(2026, 3, 1, 8));
          const store = createMemoryPaymentStore();
          const table = tableStore();
          const cost = eur((costCents / 100).toFixed(2));
          // the first process: the provider dies with it at its `crashAt`-th call
          const dying = createMemoryPaymentProvider({ clock, persistence: table.persistence });
          dying.setFaultPlan((call) =>
            call.index === crashAt ? { kind: "crash", when: kind === "crash-before" ? "before" : "after" } : undefined,
          );
          const commands = async (service: ReturnType<typeof createPaymentService>) => {
            for (const id of ["a", "b"]) {
              await service.open(
                { sessionId: id, paymentMethod: "pm", methodKind: "card-present", holdAmount: eur("60") },
                { commandId: `${id}:open` },
              );
              await service.start(id, TransactionId.of(`tx-${id}`), { commandId: `${id}:start` });
            }
            for (const id of ["a", "b"]) await service.finalize(id, cost, { commandId: `${id}:end` });
          };
          await commands(createPaymentService({ store, provider: dying, clock, owner: "p1" })).catch((e: unknown) => {
            if (!(e instanceof SimulatedCrash)) throw e;
          });
          // the second process: a new provider object on the saved state, as the CSMS restarts
          const provider = createMemoryPaymentProvider({ clock, state: table.state(), persistence: table.persistence });
          const service = createPaymentService({ store, provider, clock, owner: "p2" });
          for (let round = 0; round < 6; round++) {
            clock.advance(3 * MINUTE);
            await service.recover();
            await commands(service).catch(() => undefined);
          }
          for (const id of ["a", "b"]) {
            const s = await store.get(id);
            expect(s?.state, `session ${id}`).toBe("Captured");
            expect(s?.capturedAmount).toEqual(cost);
            expect(s?.receivableAmount.amount).toBe("0");
          }
          const saved = table.state();
          for (const p of saved.payments) {
            expect(p.operations.filter((o) => o.kind === "capture")).toHaveLength(1);
          }
          expect(saved.effects.filter((e) => e.operation === "capture")).toHaveLength(2);
          expect(saved.effects.filter((e) => e.operation === "authorize")).toHaveLength(2);
        },
      ),
      { numRuns: 60 },
    );
  });
});
