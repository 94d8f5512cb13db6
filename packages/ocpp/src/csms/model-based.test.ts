/**
 * Model-based tests: every transition of the OCPP 1.6 status table (station side and CSMS side), every pair the
 * table forbids, and every OCPP 2.0.1 transaction rule, each walked at least once.
 */
import { StationId, TransactionId } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { statusFromV16 } from "../station/from-v16.js";
import { V2_TRANSACTION_RULES, type V2TransactionRule } from "../station/v2-transaction-rules.js";
import {
  initialV16Connector,
  V16_EVENT_TARGETS,
  type V16ConnectorEvent,
  type V16ConnectorState,
  v16ConnectorTransition,
} from "../station/v16-connector.js";
import {
  V16_CONNECTOR_ZERO_TRANSITIONS,
  V16_STATUSES,
  V16_TRANSITIONS,
  type V16Status,
  type V16TransitionCode,
  v16TransitionCode,
} from "../station/v16-status.js";
import { must, registryHarness } from "./harness.test-util.js";

const cp = StationId.of("CP-1");

/** Shortest path of table transitions from Available to `target` (BFS over the table). */
function pathTo(target: V16Status, connectorId: number): V16TransitionCode[] {
  const queue: { at: V16Status; path: V16TransitionCode[] }[] = [{ at: "Available", path: [] }];
  const seen = new Set<V16Status>(["Available"]);
  while (queue.length > 0) {
    const { at, path } = queue.shift() as { at: V16Status; path: V16TransitionCode[] };
    if (at === target) return path;
    for (const to of V16_STATUSES) {
      const code = v16TransitionCode(at, to, connectorId);
      if (code === undefined || seen.has(to)) continue;
      seen.add(to);
      queue.push({ at: to, path: [...path, code] });
    }
  }
  throw new Error(`${target} unreachable`);
}

function eventFor(code: V16TransitionCode): V16ConnectorEvent {
  const to = V16_TRANSITIONS[code].to;
  if (to === "Faulted") return { type: "FaultDetected", errorCode: "GroundFailure" };
  if (V16_TRANSITIONS[code].from === "Faulted") return { type: "FaultCleared" };
  const entry = Object.entries(V16_EVENT_TARGETS).find(([, target]) => target === to);
  return { type: entry?.[0] } as V16ConnectorEvent;
}

describe("model-based: the OCPP 1.6 status table", () => {
  const codes = Object.keys(V16_TRANSITIONS) as V16TransitionCode[];

  it("station side: the connector machine takes every one of the 53 transitions with its code", () => {
    const walked = new Set<V16TransitionCode>();
    for (const code of codes) {
      const { from, to } = V16_TRANSITIONS[code];
      let state: V16ConnectorState = initialV16Connector(1);
      // Faulted is an overlay: to leave it for a status (I1–I8), walk to that status first, then fault there
      const path =
        from === "Faulted"
          ? [...pathTo(to, 1), v16TransitionCode(to, "Faulted", 1) as V16TransitionCode, code]
          : [...pathTo(from, 1), code];
      for (const step of path) {
        const out = v16ConnectorTransition(state, eventFor(step));
        if (!out.ok) throw new Error(`${step}: ${out.reason}`);
        expect(out.code).toBe(step);
        walked.add(step);
        state = out.state;
      }
    }
    expect(walked).toEqual(new Set(codes));
  });

  it("CSMS side: every allowed transition is recorded without a violation, on connectors > 0 and on connector 0", async () => {
    const h = registryHarness();
    const station = h.connect("ocpp1.6");
    await must(station.call("ocpp1.6", "BootNotification", { chargePointVendor: "A", chargePointModel: "B" }));
    let second = 0;
    const report = (connectorId: number, status: V16Status) =>
      must(
        station.call("ocpp1.6", "StatusNotification", {
          connectorId,
          status,
          errorCode: status === "Faulted" ? "GroundFailure" : "NoError",
          timestamp: new Date(Date.UTC(2026, 0, 1, 9, 0, second++)).toISOString(),
        }),
      );
    const walk = async (connectorId: number, list: readonly V16TransitionCode[]) => {
      for (const code of list) {
        const t = V16_TRANSITIONS[code];
        await report(connectorId, "Available");
        for (const step of pathTo(t.from, connectorId)) await report(connectorId, V16_TRANSITIONS[step].to);
        const before = h.of("connector:status").length;
        await report(connectorId, t.to);
        const last = h.of("connector:status")[before];
        expect(last?.connector).toMatchObject({ v16Status: t.to, status: statusFromV16(t.to).status });
      }
    };
    // a fresh connector per transition keeps every walk independent of the previous one
    await walk(1, codes);
    await walk(0, V16_CONNECTOR_ZERO_TRANSITIONS);
    expect(h.of("protocol:violation")).toEqual([]);
  });

  it("CSMS side: each of the 19 pairs the table forbids (and connector 0's) is flagged, and still recorded", async () => {
    const h = registryHarness();
    const station = h.connect("ocpp1.6");
    await must(station.call("ocpp1.6", "BootNotification", { chargePointVendor: "A", chargePointModel: "B" }));
    let second = 0;
    const report = (connectorId: number, status: V16Status) =>
      must(
        station.call("ocpp1.6", "StatusNotification", {
          connectorId,
          status,
          errorCode: "NoError",
          timestamp: new Date(Date.UTC(2026, 0, 1, 9, 0, second++)).toISOString(),
        }),
      );
    let illegal = 0;
    for (const from of V16_STATUSES) {
      for (const to of V16_STATUSES) {
        if (from === to || v16TransitionCode(from, to, 1) !== undefined) continue;
        illegal++;
        await report(2, "Available");
        for (const step of pathTo(from, 1)) await report(2, V16_TRANSITIONS[step].to);
        const before = h.of("protocol:violation").length;
        await report(2, to);
        expect(h.of("protocol:violation").slice(before), `${from} → ${to}`).toEqual([
          {
            stationId: cp,
            rule: "status.v16-transition",
            action: "StatusNotification",
            message: `connector 2: ${from} → ${to} is not in the 1.6 table`,
          },
        ]);
        expect(h.registry.view(cp)?.evses.find((e) => e.id === 2)?.connectors[0]?.v16Status).toBe(to);
      }
    }
    expect(illegal).toBe(19);
    await report(0, "Available");
    const before = h.of("protocol:violation").length;
    await report(0, "Charging");
    expect(
      h
        .of("protocol:violation")
        .slice(before)
        .map((v) => v.rule),
    ).toEqual(["status.v16-connector-zero", "status.v16-transition"]);
  });
});

// ---- OCPP 2.0.1 transaction rules ----------------------------------------------------------------------------

type Event = Record<string, unknown> & {
  eventType: "Started" | "Updated" | "Ended";
  seqNo: number;
  triggerReason: string;
};

const tag = { idToken: "TAG-1", type: "ISO14443" };
const evse = { id: 1, connectorId: 1 };
const meter = (wh: number, context = "Sample.Periodic") => [
  { timestamp: "2026-01-01T08:10:00.000Z", sampledValue: [{ value: wh, context, unitOfMeasure: { unit: "Wh" } }] },
];
const started: Event = {
  eventType: "Started",
  seqNo: 0,
  triggerReason: "Authorized",
  evse,
  idToken: tag,
  meterValue: meter(1000, "Transaction.Begin"),
};
const updated: Event = { eventType: "Updated", seqNo: 1, triggerReason: "MeterValuePeriodic", meterValue: meter(1500) };
const ended: Event = {
  eventType: "Ended",
  seqNo: 2,
  triggerReason: "StopAuthorized",
  idToken: tag,
  stoppedReason: "Local",
};

async function run201(
  events: readonly Event[],
  txId = "tx-1",
  setup?: (h: ReturnType<typeof registryHarness>) => Promise<void>,
) {
  const h = registryHarness();
  const station = h.connect("ocpp2.0.1");
  await must(
    station.call("ocpp2.0.1", "BootNotification", {
      reason: "PowerUp",
      chargingStation: { vendorName: "A", model: "B" },
    }),
  );
  await setup?.(h);
  for (const [i, e] of events.entries()) {
    const { eventType, seqNo, triggerReason, ...rest } = e;
    await must(
      station.call("ocpp2.0.1", "TransactionEvent", {
        eventType,
        seqNo,
        triggerReason: triggerReason as "Authorized",
        timestamp: new Date(Date.UTC(2026, 0, 1, 8, 0, i)).toISOString(),
        transactionInfo: {
          transactionId: (rest["transactionId"] as string | undefined) ?? txId,
          ...(rest["chargingState"] === undefined ? {} : { chargingState: rest["chargingState"] as "Charging" }),
          ...(rest["stoppedReason"] === undefined ? {} : { stoppedReason: rest["stoppedReason"] as "Local" }),
          ...(rest["remoteStartId"] === undefined ? {} : { remoteStartId: rest["remoteStartId"] as number }),
        },
        ...(rest["evse"] === undefined ? {} : { evse: rest["evse"] as typeof evse }),
        ...(rest["idToken"] === undefined ? {} : { idToken: rest["idToken"] as never }),
        ...(rest["meterValue"] === undefined ? {} : { meterValue: rest["meterValue"] as never }),
      }),
    );
  }
  const tx = await h.registry.transactions.get(cp, TransactionId.of(txId));
  return { h, tx, rules: h.of("protocol:violation").map((v) => v.rule) };
}

describe("model-based: every OCPP 2.0.1 transaction rule", () => {
  const covered = new Set<V2TransactionRule>();
  const rule = (name: V2TransactionRule, body: () => Promise<void>) =>
    it(`${name}: ${V2_TRANSACTION_RULES[name]}`, async () => {
      await body();
      covered.add(name);
    });

  rule("started-once", async () => {
    expect((await run201([started, updated, ended])).rules).toEqual([]);
    expect((await run201([started, { ...started, seqNo: 1 }])).rules).toEqual(["started-once"]);
  });
  rule("ended-once", async () => {
    expect((await run201([started, ended, { ...ended, seqNo: 3 }])).rules).toEqual(["ended-once"]);
  });
  rule("started-first", async () => {
    const { rules, tx } = await run201([
      { ...updated, seqNo: 0 },
      { ...started, seqNo: 1 },
    ]);
    expect(rules).toEqual(["started-first"]);
    expect(tx?.started).toBe(true);
  });
  rule("nothing-after-ended", async () => {
    expect((await run201([started, { ...ended, seqNo: 1 }, { ...updated, seqNo: 2 }])).rules).toEqual([
      "nothing-after-ended",
    ]);
  });
  rule("replay-idempotent", async () => {
    const { h, tx, rules } = await run201([started, updated, updated, ended, ended]);
    expect(rules).toEqual([]);
    expect(tx).toMatchObject({ energyWh: 500, sampleCount: 2, revision: 3 });
    expect(h.of("transaction:ended")).toHaveLength(1);
  });
  rule("seqno-complete", async () => {
    const gap = await run201([started, { ...ended, seqNo: 3 }]);
    expect(gap.tx).toMatchObject({ ended: true, complete: false, seqNos: [0, 3] });
    const late = await run201([
      started,
      { ...ended, seqNo: 3 },
      { ...updated, seqNo: 2 },
      { ...updated, seqNo: 1, meterValue: meter(1200) },
    ]);
    expect(late.tx).toMatchObject({ complete: true, energyWh: 500 });
    expect(late.rules).toEqual([]);
  });
  rule("evse-on-started", async () => {
    const { evse: _e, ...withoutEvse } = started;
    expect((await run201([withoutEvse as Event])).rules).toEqual(["evse-on-started"]);
  });
  rule("one-per-evse", async () => {
    const { rules } = await run201([started, { ...started, transactionId: "tx-2" }]);
    expect(rules).toEqual(["one-per-evse"]);
  });
  rule("authorized-carries-token", async () => {
    const { idToken: _t, ...noToken } = started;
    expect((await run201([noToken as Event])).rules).toEqual(["authorized-carries-token"]);
  });
  rule("charging-state-carries-state", async () => {
    const ok = await run201([
      started,
      { eventType: "Updated", seqNo: 1, triggerReason: "ChargingStateChanged", chargingState: "Charging" },
    ]);
    expect(ok.rules).toEqual([]);
    expect(ok.tx?.chargingState).toBe("Charging");
    const bad = await run201([started, { eventType: "Updated", seqNo: 1, triggerReason: "ChargingStateChanged" }]);
    expect(bad.rules).toEqual(["charging-state-carries-state"]);
  });
  rule("remote-start-carries-id", async () => {
    const ok = await run201([{ ...started, triggerReason: "RemoteStart", remoteStartId: 77 }]);
    expect(ok.rules).toEqual([]);
    expect(ok.tx?.remoteStartId).toBe(77);
    expect((await run201([{ ...started, triggerReason: "RemoteStart" }])).rules).toEqual(["remote-start-carries-id"]);
  });
  rule("meter-trigger-carries-values", async () => {
    const { meterValue: _m, ...noMeter } = updated;
    expect((await run201([started, noMeter as Event])).rules).toEqual(["meter-trigger-carries-values"]);
  });
  rule("late-authorization", async () => {
    const { idToken: _t, ...anonymous } = started;
    const { tx, rules } = await run201([
      { ...anonymous, triggerReason: "CablePluggedIn" } as Event,
      { eventType: "Updated", seqNo: 1, triggerReason: "Authorized", idToken: tag },
    ]);
    expect(rules).toEqual([]);
    expect(tx?.token).toEqual({ value: "TAG-1", kind: "ISO14443" });
  });
  rule("stop-reason-default", async () => {
    const { stoppedReason: _r, ...noReason } = ended;
    const { tx } = await run201([started, noReason as Event]);
    expect(tx?.stoppedReason).toBe("Local");
  });
  rule("start-point", async () => {
    const check = async (start: string, trigger: string) => {
      const h = registryHarness();
      const station = h.connect("ocpp2.0.1");
      await must(
        station.call("ocpp2.0.1", "BootNotification", {
          reason: "PowerUp",
          chargingStation: { vendorName: "A", model: "B" },
        }),
      );
      station.handle("ocpp2.0.1", "GetVariables", ({ payload }) => ({
        getVariableResult: payload.getVariableData.map((d) => ({
          attributeStatus: "Accepted" as const,
          component: d.component,
          variable: d.variable,
          attributeValue: d.variable.name === "TxStartPoint" ? start : "EVConnected",
        })),
      }));
      await must(
        h.registry.commands.getConfiguration(cp, { keys: [{ component: "TxCtrlr", variable: "TxStartPoint" }] }),
      );
      await must(
        station.call("ocpp2.0.1", "TransactionEvent", {
          eventType: "Started",
          seqNo: 0,
          triggerReason: trigger as "Authorized",
          timestamp: "2026-01-01T08:00:00.000Z",
          transactionInfo: { transactionId: "tx-1" },
          evse,
          idToken: tag as never,
        }),
      );
      return h.of("protocol:violation").map((v) => v.rule);
    };
    expect(await check("EVConnected", "CablePluggedIn")).toEqual([]);
    expect(await check("EVConnected", "Authorized")).toEqual(["start-point"]);
    expect(await check("PowerPathClosed", "Authorized")).toEqual([]);
  });
  rule("stop-point", async () => {
    const check = async (stop: string, trigger: string) => {
      const h = registryHarness();
      const station = h.connect("ocpp2.0.1");
      await must(
        station.call("ocpp2.0.1", "BootNotification", {
          reason: "PowerUp",
          chargingStation: { vendorName: "A", model: "B" },
        }),
      );
      station.handle("ocpp2.0.1", "SetVariables", ({ payload }) => ({
        setVariableResult: payload.setVariableData.map((d) => ({
          attributeStatus: "Accepted" as const,
          component: d.component,
          variable: d.variable,
        })),
      }));
      await must(
        h.registry.commands.setConfiguration(cp, {
          values: [{ key: { component: "TxCtrlr", variable: "TxStopPoint" }, value: stop }],
        }),
      );
      const send = (e: Event) =>
        must(
          station.call("ocpp2.0.1", "TransactionEvent", {
            eventType: e.eventType,
            seqNo: e.seqNo,
            triggerReason: e.triggerReason as "Authorized",
            timestamp: "2026-01-01T08:00:00.000Z",
            transactionInfo: { transactionId: "tx-1" },
            ...(e["evse"] === undefined ? {} : { evse }),
            ...(e["idToken"] === undefined ? {} : { idToken: tag as never }),
          }),
        );
      await send(started);
      await send({ ...ended, triggerReason: trigger });
      return h.of("protocol:violation").map((v) => v.rule);
    };
    expect(await check("EVConnected", "EVDeparted")).toEqual([]);
    expect(await check("EVConnected", "StopAuthorized")).toEqual(["stop-point"]);
    expect(await check("EVConnected", "RemoteStop")).toEqual([]);
    expect(await check("Authorized,EVConnected", "StopAuthorized")).toEqual([]);
  });

  it("covers every rule", () => {
    expect([...covered].sort()).toEqual(Object.keys(V2_TRANSACTION_RULES).sort());
  });
});
