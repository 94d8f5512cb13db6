import { type Clock, err, ok, type Result, type TimerHandle } from "@chargekit/core";

/** One NotifyReport message, as far as collecting goes. @internal */
export interface ReportPart<T> {
  readonly requestId: number;
  readonly seqNo: number;
  readonly tbc?: boolean;
  readonly reportData?: readonly T[];
}

interface Pending<T> {
  readonly parts: Map<number, readonly T[]>;
  last: number | undefined;
  readonly resolve: (result: Result<T[], "timeout">) => void;
  readonly timer: TimerHandle;
}

/**
 * Gathers the NotifyReport messages that answer a GetBaseReport: a report may come in several parts (`seqNo`,
 * `tbc`), possibly out of order; it is complete when the part without `tbc` and every part before it arrived.
 *
 * @internal
 */
export interface ReportCollectors {
  /** Waits for the report `requestId` of `station`, up to `timeoutMs`. */
  expect<T>(station: string, requestId: number, timeoutMs: number): Promise<Result<T[], "timeout">>;
  /** Feeds a NotifyReport; false when nobody waits for it. */
  receive<T>(station: string, part: ReportPart<T>): boolean;
}

/** @internal */
export function createReportCollectors(clock: Clock): ReportCollectors {
  const pending = new Map<string, Pending<unknown>>();
  const key = (station: string, requestId: number) => `${station}\u0000${requestId}`;
  const finish = (k: string, p: Pending<unknown>) => {
    if (p.last === undefined) return;
    const out: unknown[] = [];
    for (let s = 0; s <= p.last; s++) {
      const part = p.parts.get(s);
      if (part === undefined) return;
      out.push(...part);
    }
    pending.delete(k);
    clock.clearTimeout(p.timer);
    p.resolve(ok(out));
  };
  return {
    expect<T>(station: string, requestId: number, timeoutMs: number) {
      return new Promise<Result<T[], "timeout">>((resolve) => {
        const k = key(station, requestId);
        const timer = clock.setTimeout(() => {
          pending.delete(k);
          resolve(err("timeout"));
        }, timeoutMs);
        pending.set(k, { parts: new Map(), last: undefined, resolve: resolve as Pending<unknown>["resolve"], timer });
      });
    },
    receive(station, part) {
      const k = key(station, part.requestId);
      const p = pending.get(k);
      if (p === undefined) return false;
      p.parts.set(part.seqNo, part.reportData ?? []);
      if (part.tbc !== true) p.last = part.seqNo;
      finish(k, p);
      return true;
    },
  };
}
