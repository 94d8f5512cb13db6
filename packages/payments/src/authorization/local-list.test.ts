import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Credential, credentialKey } from "./credential.js";
import { createLocalAuthorizationList, type LocalListUpdate, type StationListState } from "./local-list.js";

const tag = (idTag: string): Credential => ({ kind: "idTag", idTag });

/** An independent model of a station's local list, following the OCPP SendLocalList rules. */
class StationList {
  version = 0;
  readonly entries = new Map<string, string>();
  apply(msg: LocalListUpdate): "Accepted" | "VersionMismatch" | "Failed" {
    if (msg.version <= 0) return "Failed";
    if (msg.updateType === "Differential" && msg.version <= this.version) return "VersionMismatch";
    if (msg.updateType === "Full") this.entries.clear();
    for (const e of msg.entries) {
      const key = credentialKey(e.credential);
      if (e.decision === undefined) this.entries.delete(key);
      else this.entries.set(key, e.decision.status);
    }
    this.version = msg.version;
    return "Accepted";
  }
}

describe("local authorization list", () => {
  it("sends a full list first, then differentials from the version the station holds", () => {
    const list = createLocalAuthorizationList();
    list.upsert([
      { credential: tag("A"), decision: { status: "Accepted" } },
      { credential: tag("B"), decision: { status: "Blocked" } },
    ]);
    const first = list.plan({ itemsPerMessage: 10 });
    if (!first.ok) throw first.error;
    expect(first.value.messages).toHaveLength(1);
    expect(first.value.messages[0]?.updateType).toBe("Full");
    expect(first.value.messages[0]?.version).toBe(1);
    list.remove([tag("b")]);
    list.upsert([{ credential: tag("C"), decision: { status: "Accepted", groupId: "FLEET" } }]);
    const second = list.plan({ itemsPerMessage: 10, state: first.value.target });
    if (!second.ok) throw second.error;
    expect(second.value.messages).toEqual([
      {
        version: 2,
        updateType: "Differential",
        entries: [
          { credential: tag("B") },
          { credential: tag("C"), decision: { status: "Accepted", groupId: "FLEET" } },
        ],
      },
    ]);
    const third = list.plan({ itemsPerMessage: 10, state: second.value.target });
    expect(third.ok && third.value.messages).toEqual([]);
  });

  it("falls back to a full update when the station reports another version, and chunks by itemsPerMessage", () => {
    const list = createLocalAuthorizationList();
    list.upsert(
      ["A", "B", "C", "D", "E"].map((t) => ({ credential: tag(t), decision: { status: "Accepted" as const } })),
    );
    const state: StationListState = { stationVersion: 7, masterVersion: 1 };
    const plan = list.plan({ itemsPerMessage: 2, state, reportedVersion: 3 });
    if (!plan.ok) throw plan.error;
    expect(plan.value.messages.map((m) => [m.updateType, m.version, m.entries.length])).toEqual([
      ["Full", 4, 2],
      ["Differential", 5, 2],
      ["Differential", 6, 1],
    ]);
    expect(plan.value.target).toEqual({ stationVersion: 6, masterVersion: 1 });
  });

  it("refuses a list larger than the station holds, and an empty list is a Full update with no entries", () => {
    const list = createLocalAuthorizationList();
    expect(list.plan({ itemsPerMessage: 5 })).toEqual({
      ok: true,
      value: {
        messages: [{ version: 1, updateType: "Full", entries: [] }],
        target: { stationVersion: 1, masterVersion: 0 },
      },
    });
    list.upsert(["A", "B"].map((t) => ({ credential: tag(t), decision: { status: "Accepted" as const } })));
    const tooBig = list.plan({ itemsPerMessage: 5, maxEntries: 1 });
    expect(tooBig.ok).toBe(false);
    if (!tooBig.ok) expect(tooBig.error.code).toBe("LIMIT_EXCEEDED");
  });

  it("answers lookups, with expired entries answering Expired", () => {
    const list = createLocalAuthorizationList();
    list.upsert([{ credential: tag("A"), decision: { status: "Accepted", expiresAt: 1000 } }]);
    expect(list.lookup(tag("a"), 999)?.status).toBe("Accepted");
    expect(list.lookup(tag("a"), 1000)?.status).toBe("Expired");
    expect(list.lookup(tag("a"), 0)?.source).toBe("local-list");
    expect(list.lookup(tag("Z"), 0)).toBeUndefined();
  });

  it("keeps every station equal to the master list after a successful sync, whatever happened before (model test)", () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("upsert" as const),
        tags: fc.array(fc.constantFrom("A", "b", "C", "d", "E", "f"), { maxLength: 4 }),
        status: fc.constantFrom("Accepted", "Blocked", "Expired"),
      }),
      fc.record({
        kind: fc.constant("remove" as const),
        tags: fc.array(fc.constantFrom("a", "B", "c", "D"), { maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constant("replace" as const),
        tags: fc.array(fc.constantFrom("A", "B", "X", "Y"), { maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constant("sync" as const),
        station: fc.integer({ min: 0, max: 2 }),
        failAt: fc.integer({ min: -1, max: 3 }),
        items: fc.integer({ min: 1, max: 3 }),
      }),
      fc.record({ kind: fc.constant("reset" as const), station: fc.integer({ min: 0, max: 2 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (ops, history) => {
        const list = createLocalAuthorizationList({ historyVersions: history });
        const stations = [new StationList(), new StationList(), new StationList()];
        const states: (StationListState | undefined)[] = [undefined, undefined, undefined];
        const dedupe = (tags: string[]) => [...new Map(tags.map((t) => [t.toUpperCase(), t])).values()];
        for (const o of ops) {
          if (o.kind === "upsert")
            list.upsert(dedupe(o.tags).map((t) => ({ credential: tag(t), decision: { status: o.status } })));
          else if (o.kind === "remove") list.remove(o.tags.map(tag));
          else if (o.kind === "replace")
            list.replaceAll(dedupe(o.tags).map((t) => ({ credential: tag(t), decision: { status: "Accepted" } })));
          else if (o.kind === "reset") {
            // the station lost its list (factory reset): it reports version 0
            const station = stations[o.station] as StationList;
            station.version = 0;
            station.entries.clear();
          } else {
            const station = stations[o.station] as StationList;
            const state = states[o.station];
            const plan = list.plan({
              itemsPerMessage: o.items,
              reportedVersion: station.version,
              ...(state === undefined ? {} : { state }),
            });
            if (!plan.ok) throw plan.error;
            let failed = false;
            for (const [i, msg] of plan.value.messages.entries()) {
              if (i === o.failAt) {
                failed = true; // the message was lost; the CSMS forgets what it knew
                break;
              }
              if (station.apply(msg) !== "Accepted") {
                failed = true;
                break;
              }
            }
            states[o.station] = failed ? undefined : plan.value.target;
            if (!failed) {
              const expected = new Map(list.entries().map((e) => [credentialKey(e.credential), e.decision?.status]));
              expect(new Map(station.entries)).toEqual(expected);
              expect(station.version).toBe(plan.value.target.stationVersion);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
