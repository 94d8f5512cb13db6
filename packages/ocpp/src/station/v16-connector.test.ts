import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  initialV16Connector,
  type V16ConnectorEvent,
  type V16ConnectorState,
  v16ConnectorTransition,
  v16ReportedStatus,
} from "./v16-connector.js";
import { V16_CONNECTOR_ZERO_STATUSES, type V16Status, v16TransitionCode } from "./v16-status.js";

const events: V16ConnectorEvent[] = [
  { type: "UsageInitiated" },
  { type: "ChargingStarted" },
  { type: "EVSuspended" },
  { type: "EVSESuspended" },
  { type: "StoppedUserActionRequired" },
  { type: "Reserved" },
  { type: "MadeInoperative" },
  { type: "BecameAvailable" },
  { type: "FaultDetected", errorCode: "GroundFailure" },
  { type: "FaultCleared" },
  { type: "WarningRaised", errorCode: "EVCommunicationError" },
  { type: "WarningCleared" },
];

function run(state: V16ConnectorState, seq: readonly V16ConnectorEvent[]) {
  const reports: { status: V16Status; errorCode: string }[] = [
    { status: v16ReportedStatus(state), errorCode: "NoError" },
  ];
  let s = state;
  for (const e of seq) {
    const out = v16ConnectorTransition(s, e);
    if (!out.ok) {
      expect(out.reason.length).toBeGreaterThan(0);
      continue;
    }
    s = out.state;
    if (out.report !== undefined) reports.push(out.report);
  }
  return { state: s, reports };
}

describe("the 1.6 connector machine", () => {
  it("steps through a normal session with the spec's codes", () => {
    let c = initialV16Connector(1);
    const codes: (string | undefined)[] = [];
    for (const e of [
      "UsageInitiated",
      "ChargingStarted",
      "EVSuspended",
      "StoppedUserActionRequired",
      "BecameAvailable",
    ]) {
      const out = v16ConnectorTransition(c, { type: e } as V16ConnectorEvent);
      if (!out.ok) throw new Error(out.reason);
      c = out.state;
      codes.push(out.code);
    }
    expect(codes).toEqual(["A2", "B3", "C4", "D6", "F1"]);
  });

  it("Faulted is an overlay: the status keeps moving underneath and the fault clears back to it", () => {
    let c = initialV16Connector(1);
    const step = (e: V16ConnectorEvent) => {
      const out = v16ConnectorTransition(c, e);
      if (!out.ok) throw new Error(out.reason);
      c = out.state;
      return out;
    };
    step({ type: "UsageInitiated" });
    step({ type: "ChargingStarted" });
    expect(step({ type: "FaultDetected", errorCode: "OverCurrentFailure", info: "RCD" })).toMatchObject({
      code: "C9",
      report: { status: "Faulted", errorCode: "OverCurrentFailure", info: "RCD" },
    });
    // the session ends while faulted: nothing is reported, the underlying status moves
    expect(step({ type: "BecameAvailable" })).toMatchObject({ code: undefined, report: undefined });
    expect(v16ReportedStatus(c)).toBe("Faulted");
    expect(step({ type: "FaultCleared" })).toMatchObject({
      code: "I1",
      report: { status: "Available", errorCode: "NoError" },
    });
  });

  it("refuses what the table does not allow and names why", () => {
    const out = v16ConnectorTransition(initialV16Connector(1), { type: "StoppedUserActionRequired" });
    expect(out).toEqual({ ok: false, reason: "the 1.6 table has no Available → Finishing transition" });
    const zero = v16ConnectorTransition(initialV16Connector(0), { type: "UsageInitiated" });
    expect(zero.ok).toBe(false);
    const warning = v16ConnectorTransition(initialV16Connector(1), {
      type: "WarningRaised",
      errorCode: "EVCommunicationError",
    });
    expect(warning.ok).toBe(false);
  });

  it("property: whatever happens, every reported change is a transition of the table (connector 0: its subset)", () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.array(fc.constantFrom(...events), { maxLength: 60 }), (id, seq) => {
        const { reports } = run(initialV16Connector(id), seq);
        for (let i = 1; i < reports.length; i++) {
          const prev = reports[i - 1];
          const cur = reports[i];
          if (prev === undefined || cur === undefined) continue;
          if (id === 0) expect(V16_CONNECTOR_ZERO_STATUSES).toContain(cur.status);
          if (prev.status !== cur.status) {
            expect(v16TransitionCode(prev.status, cur.status, id), `${prev.status} -> ${cur.status}`).toBeDefined();
          } else {
            // a report without a status change only changes the error code (fault detail or warning)
            expect(cur.errorCode === prev.errorCode && cur.status !== "Faulted").toBe(false);
          }
          if (cur.errorCode === "EVCommunicationError") {
            expect(["Preparing", "SuspendedEV", "SuspendedEVSE", "Finishing"]).toContain(cur.status);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
