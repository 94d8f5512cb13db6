import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createManualClock } from "./manual-clock.js";

describe("manual clock", () => {
  it("fires a timer exactly at its due time, not before", () => {
    const clock = createManualClock(1000);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 500);
    clock.advance(499);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([1500]);
    clock.advance(10_000);
    expect(fired).toEqual([1500]);
  });

  it("fires timers scheduled by timers when they fall inside the same advance", () => {
    const clock = createManualClock(0);
    const log: string[] = [];
    clock.setTimeout(() => {
      log.push(`a@${clock.now()}`);
      clock.setTimeout(() => log.push(`b@${clock.now()}`), 0);
      clock.setTimeout(() => log.push(`c@${clock.now()}`), 20);
    }, 10);
    clock.setTimeout(() => log.push(`d@${clock.now()}`), 10);
    clock.advance(25);
    expect(log).toEqual(["a@10", "d@10", "b@10"]);
    clock.advance(5);
    expect(log).toEqual(["a@10", "d@10", "b@10", "c@30"]);
  });

  it("cancels timers and ignores unknown handles", () => {
    const clock = createManualClock(0);
    let fired = false;
    const handle = clock.setTimeout(() => {
      fired = true;
    }, 5);
    expect(clock.pendingTimers()).toBe(1);
    clock.clearTimeout(handle);
    clock.clearTimeout(handle);
    clock.clearTimeout({});
    clock.advance(10);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("refuses to move backwards", () => {
    const clock = createManualClock(100);
    expect(() => clock.advance(-1)).toThrow("manual clock cannot move backwards from 100 to 99");
    expect(() => clock.advanceTo(50)).toThrow("cannot move backwards");
    expect(() => createManualClock(0.5)).toThrow("integer instant");
    expect(clock.now()).toBe(100);
  });

  it("runs the next timer on demand", () => {
    const clock = createManualClock(0);
    expect(clock.runNext()).toBe(false);
    clock.setTimeout(() => {}, 42);
    expect(clock.nextTimerAt()).toBe(42);
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(42);
  });

  it("sees timers scheduled after an await with advanceAsync", async () => {
    const clock = createManualClock(0);
    const log: number[] = [];
    const work = async (): Promise<void> => {
      await Promise.resolve();
      clock.setTimeout(() => log.push(clock.now()), 10);
    };
    void work();
    await clock.advanceAsync(15);
    expect(log).toEqual([10]);
  });

  it("fires every timer exactly once, in (due, schedule) order, never early — random schedules", () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("schedule" as const),
        delay: fc.integer({ min: -5, max: 100 }),
        nested: fc.integer({ min: -1, max: 30 }),
      }),
      fc.record({ kind: fc.constant("advance" as const), by: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ kind: fc.constant("cancel" as const), index: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const clock = createManualClock(0);
        interface Record {
          id: number;
          op: number;
          due: number;
          seq: number;
          cancelled: boolean;
          firedAt: number[];
        }
        const records: Record[] = [];
        const handles: unknown[] = [];
        let seq = 0;
        const order: number[] = [];
        let opIndex = 0;
        let lastAdvanceOp = -1;
        const schedule = (delay: number, nested: number): void => {
          const due = clock.now() + Math.max(0, delay);
          const rec: Record = { id: records.length, op: opIndex, due, seq: seq++, cancelled: false, firedAt: [] };
          records.push(rec);
          handles.push(
            clock.setTimeout(() => {
              rec.firedAt.push(clock.now());
              order.push(rec.id);
              if (nested >= 0) schedule(nested, -1);
            }, delay),
          );
        };
        for (const [i, o] of ops.entries()) {
          opIndex = i;
          if (o.kind === "schedule") schedule(o.delay, o.nested);
          else if (o.kind === "advance") {
            lastAdvanceOp = i;
            clock.advance(o.by);
          } else if (records.length > 0) {
            const rec = records[o.index % records.length] as Record;
            if (rec.firedAt.length === 0) rec.cancelled = true;
            clock.clearTimeout(handles[rec.id] as object);
          }
        }
        const end = clock.now();
        for (const rec of records) {
          // a timer fires once an advance that starts at or after its scheduling reaches its due time
          if (rec.cancelled) expect(rec.firedAt).toEqual([]);
          else if (lastAdvanceOp >= rec.op && rec.due <= end) expect(rec.firedAt).toEqual([rec.due]);
          else expect(rec.firedAt).toEqual([]);
        }
        const fired = order.map((id) => records[id] as Record);
        for (let i = 1; i < fired.length; i++) {
          const a = fired[i - 1] as Record;
          const b = fired[i] as Record;
          expect(a.due < b.due || (a.due === b.due && a.seq < b.seq)).toBe(true);
        }
      }),
    );
  });
});
