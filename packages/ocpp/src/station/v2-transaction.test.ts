import { IdToken } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TX_POINTS, type TxPoint } from "./tx-points.js";
import { initialV2EvseTx, type V2TxEvent, type V2TxMessage, v2TransactionStep } from "./v2-transaction.js";
import {
  checkTransactionEvent,
  EMPTY_TRACK,
  isCompleteTrack,
  missingSeqNos,
  type V2TransactionTrack,
} from "./v2-transaction-rules.js";

const token = { value: IdToken.of("TAG-1"), kind: "ISO14443" } as const;

const eventArb: fc.Arbitrary<V2TxEvent> = fc.oneof(
  fc.constant({ type: "CablePluggedIn" } as const),
  fc.constant({ type: "CableUnplugged" } as const),
  fc.boolean().map((occupied) => ({ type: "ParkingBayOccupied", occupied }) as const),
  fc
    .option(fc.nat(1000), { nil: undefined })
    .map((remoteStartId) =>
      remoteStartId === undefined
        ? ({ type: "Authorized", token } as const)
        : ({ type: "Authorized", token, remoteStartId } as const),
    ),
  fc.constant({ type: "StopAuthorized", token } as const),
  fc.constant({ type: "Deauthorized" } as const),
  fc.constant({ type: "RemoteStop" } as const),
  fc
    .constantFrom("Charging", "SuspendedEV", "SuspendedEVSE", "EVConnected", "Idle" as const)
    .map((chargingState) => ({ type: "ChargingStateChanged", chargingState }) as const),
  fc.constant({ type: "MeterValues", trigger: "MeterValuePeriodic" } as const),
  fc.constant({ type: "Abort", trigger: "ResetCommand", stoppedReason: "ImmediateReset" } as const),
);

const pointsArb = fc.uniqueArray(fc.constantFrom(...TX_POINTS), { minLength: 1, maxLength: 3 });

function facts(m: V2TxMessage) {
  return {
    eventType: m.eventType,
    seqNo: m.seqNo,
    triggerReason: m.triggerReason,
    hasIdToken: m.token !== undefined,
    meterValues: m.meter === undefined ? 0 : 1,
    ...(m.evse === undefined ? {} : { evse: m.evse }),
    ...(m.chargingState === undefined ? {} : { chargingState: m.chargingState }),
    ...(m.remoteStartId === undefined ? {} : { remoteStartId: m.remoteStartId }),
    ...(m.stoppedReason === undefined ? {} : { stoppedReason: m.stoppedReason }),
  };
}

describe("the 2.x station transaction machine", () => {
  it("late authorization: a transaction started on plug-in gets its idToken in an Updated", () => {
    const config = {
      startPoints: ["EVConnected"] as TxPoint[],
      stopPoints: ["EVConnected"] as TxPoint[],
      newTransactionId: () => "tx-1",
    };
    let s = initialV2EvseTx(1);
    const sent: V2TxMessage[] = [];
    for (const e of [
      { type: "CablePluggedIn" },
      { type: "Authorized", token },
      { type: "CableUnplugged" },
    ] as V2TxEvent[]) {
      const out = v2TransactionStep(s, e, config);
      s = out.state;
      sent.push(...out.messages);
    }
    expect(sent.map((m) => [m.eventType, m.triggerReason, m.seqNo, m.token?.value])).toEqual([
      ["Started", "CablePluggedIn", 0, undefined],
      ["Updated", "Authorized", 1, "TAG-1"],
      ["Ended", "EVDeparted", 2, undefined],
    ]);
    expect(sent[0]?.evse).toEqual({ id: 1, connectorId: 1 });
  });

  it("property: whatever the start/stop points and events, the messages break no rule and every transaction is complete", () => {
    fc.assert(
      fc.property(pointsArb, pointsArb, fc.array(eventArb, { maxLength: 50 }), (startPoints, stopPoints, events) => {
        let n = 0;
        const config = { startPoints, stopPoints, newTransactionId: () => `tx-${++n}` };
        let s = initialV2EvseTx(1);
        const tracks = new Map<string, V2TransactionTrack>();
        let active: string | undefined;
        for (const e of events) {
          const out = v2TransactionStep(s, e, config);
          s = out.state;
          for (const m of out.messages) {
            const other = m.eventType === "Started" && active !== undefined ? active : undefined;
            const check = checkTransactionEvent(tracks.get(m.transactionId) ?? EMPTY_TRACK, facts(m), {
              startPoints,
              stopPoints,
              ...(other === undefined ? {} : { otherActiveOnEvse: other }),
            });
            expect(check.violations, `${m.eventType} ${m.triggerReason}`).toEqual([]);
            expect(check.duplicate).toBe(false);
            tracks.set(m.transactionId, check.track);
            if (m.eventType === "Started") active = m.transactionId;
            if (m.eventType === "Ended") active = undefined;
          }
        }
        for (const [id, track] of tracks) {
          expect(missingSeqNos(track), id).toEqual([]);
          if (id !== active) expect(isCompleteTrack(track)).toBe(true);
        }
        expect(s.transaction?.id).toBe(active);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the 2.x transaction rules", () => {
  const started = {
    eventType: "Started",
    seqNo: 0,
    triggerReason: "CablePluggedIn",
    evse: { id: 1, connectorId: 1 },
    hasIdToken: false,
    meterValues: 1,
  } as const;

  it("a replayed seqNo is a duplicate and changes nothing", () => {
    const first = checkTransactionEvent(EMPTY_TRACK, started);
    const again = checkTransactionEvent(first.track, started);
    expect(again).toEqual({ track: first.track, duplicate: true, violations: [], checked: ["replay-idempotent"] });
  });

  it("messages may arrive out of order; completeness counts the seqNos between Started and Ended", () => {
    let t = checkTransactionEvent(EMPTY_TRACK, {
      ...started,
      eventType: "Ended",
      seqNo: 3,
      triggerReason: "EVDeparted",
    }).track;
    t = checkTransactionEvent(t, started).track;
    expect(missingSeqNos(t)).toEqual([1, 2]);
    t = checkTransactionEvent(t, {
      ...started,
      eventType: "Updated",
      seqNo: 2,
      triggerReason: "ChargingStateChanged",
      chargingState: "Charging",
    }).track;
    t = checkTransactionEvent(t, {
      ...started,
      eventType: "Updated",
      seqNo: 1,
      triggerReason: "Authorized",
      hasIdToken: true,
    }).track;
    expect(isCompleteTrack(t)).toBe(true);
  });

  it("names each broken rule", () => {
    const t = checkTransactionEvent(EMPTY_TRACK, started).track;
    const rules = (f: Parameters<typeof checkTransactionEvent>[1], ctx = {}) =>
      checkTransactionEvent(t, f, ctx).violations.map((v) => v.rule);
    expect(rules({ ...started, seqNo: 5 })).toEqual(["started-once"]);
    expect(rules({ ...started, eventType: "Updated", seqNo: 1, triggerReason: "Authorized" })).toEqual([
      "authorized-carries-token",
    ]);
    expect(rules({ ...started, eventType: "Updated", seqNo: 1, triggerReason: "ChargingStateChanged" })).toEqual([
      "charging-state-carries-state",
    ]);
    expect(rules({ ...started, eventType: "Updated", seqNo: 1, triggerReason: "RemoteStart" })).toEqual([
      "remote-start-carries-id",
    ]);
    expect(
      rules({ ...started, eventType: "Updated", seqNo: 1, triggerReason: "MeterValuePeriodic", meterValues: 0 }),
    ).toEqual(["meter-trigger-carries-values"]);
    expect(
      rules(
        { ...started, eventType: "Ended", seqNo: 1, triggerReason: "StopAuthorized" },
        { stopPoints: ["EVConnected"] },
      ),
    ).toEqual(["stop-point"]);
    const fresh = (f: Parameters<typeof checkTransactionEvent>[1], ctx = {}) =>
      checkTransactionEvent(EMPTY_TRACK, f, ctx).violations.map((v) => v.rule);
    expect(
      fresh({ ...started, triggerReason: "Authorized", hasIdToken: true }, { startPoints: ["EVConnected"] }),
    ).toEqual(["start-point"]);
    const { evse: _evse, ...noEvse } = started;
    expect(fresh(noEvse)).toEqual(["evse-on-started"]);
    expect(fresh(started, { otherActiveOnEvse: "tx-0" })).toEqual(["one-per-evse"]);
  });
});
