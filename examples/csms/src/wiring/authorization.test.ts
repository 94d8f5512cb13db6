import { EvseId, HOUR, IdToken, StationId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectedStation, type CsmsHarness, connectStation, startCsms } from "../testing/csms-harness.js";

const clock = createManualClock(Date.parse("2026-03-02T09:00:00Z"));
let csms: CsmsHarness;
let cp16: ConnectedStation;

const cp = StationId.of("CP-16");
const other = StationId.of("CP-OTHER");
const evse = EvseId.of(1);
const tag = (value: string) => ({ value: IdToken.of(value) });
const rfid = (value: string) => ({ value: IdToken.of(value), kind: "ISO14443" });

beforeAll(async () => {
  csms = await startCsms({
    clock,
    stations: [
      { id: "CP-16", evses: 2 },
      { id: "CP-OTHER", evses: 1 },
    ],
  });
  const { password } = (await csms.api("PUT", "/api/v1/stations/CP-16/password", csms.keys.operator, {})).body;
  cp16 = await connectStation(csms, { identity: "CP-16", version: "ocpp1.6", password, clock, evses: 2 });
  const put = (credential: object, extra: object = {}) =>
    csms.api("PUT", "/api/v1/tokens", csms.keys.operator, { credential, ...extra });
  await put({ kind: "idTag", idTag: "GOOD" }, { driverId: "driver-a", groupId: "FLEET" });
  await put({ kind: "idTag", idTag: "BLOCKED" }, { status: "Blocked" });
  await put({ kind: "idTag", idTag: "OLD" }, { expiresAt: "2026-03-02T08:00:00Z" });
  await put({ kind: "idToken", idToken: "CARD-2X", type: "ISO14443" }, { driverId: "driver-b" });
}, 60_000);
afterAll(async () => {
  await cp16?.close();
  await csms?.stop();
});

describe("authorization", () => {
  const authorize = (token: ReturnType<typeof tag>, purpose: "authorize" | "start" | "stop", stationId = cp) =>
    csms.services.need("authorization").authorize({ stationId, token, purpose, evseId: evse });

  it("answers registered tokens from the list, refuses blocked, expired and unknown ones", async () => {
    expect(await authorize(tag("GOOD"), "authorize")).toEqual({ status: "Accepted", group: "FLEET" });
    expect(await authorize(tag("good"), "authorize")).toMatchObject({ status: "Accepted" }); // 1.6 CiString
    expect((await authorize(tag("BLOCKED"), "authorize")).status).toBe("Blocked");
    expect((await authorize(tag("OLD"), "authorize")).status).toBe("Expired");
    expect((await authorize(tag("NOBODY"), "authorize")).status).toBe("Unknown");
    // the 1.6 and 2.x forms of a credential are different credentials
    expect((await authorize(rfid("GOOD"), "authorize")).status).toBe("Unknown");
    expect((await authorize(rfid("CARD-2X"), "authorize")).status).toBe("Accepted");
  });

  it("refuses a start on a station while the token charges at another (ConcurrentTx)", async () => {
    cp16.station.plugIn(1);
    expect(await cp16.station.presentToken(1, tag("GOOD"))).toBe("Authorized");
    await cp16.station.settled();
    await csms.services.work.idle();
    expect((await authorize(tag("GOOD"), "start", other)).status).toBe("ConcurrentTx");
    expect((await authorize(tag("GOOD"), "start")).status).toBe("Accepted"); // same station: not concurrent
    expect((await authorize(tag("GOOD"), "stop", other)).status).toBe("Accepted");
    expect(await cp16.station.presentToken(1, tag("GOOD"))).toBe("Stopped");
    cp16.station.unplug(1);
    await cp16.station.settled();
    await csms.services.work.idle();
    expect((await authorize(tag("GOOD"), "start", other)).status).toBe("Accepted");
  });

  it("asks the walk-up gate before accepting a start, passing the token's group", async () => {
    const asked: unknown[] = [];
    csms.services.provide("startGate", (request) => {
      asked.push(request);
      return { status: "NotAtThisTime" };
    });
    try {
      expect((await authorize(tag("GOOD"), "start")).status).toBe("NotAtThisTime");
      expect(asked).toEqual([{ stationId: cp, evseId: evse, token: { value: "GOOD", group: "FLEET" } }]);
      expect((await authorize(tag("GOOD"), "authorize")).status).toBe("Accepted"); // only starts are gated
      expect((await authorize(tag("BLOCKED"), "start")).status).toBe("Blocked"); // refused before the gate
      expect(asked).toHaveLength(1);
    } finally {
      csms.services.withdraw("startGate");
    }
  });

  it("a station refuses an unknown token and accepts a registered one", async () => {
    cp16.station.plugIn(2);
    expect(await cp16.station.presentToken(2, tag("NOBODY"))).toBe("Rejected");
    expect(await cp16.station.presentToken(2, tag("BLOCKED"))).toBe("Rejected");
    cp16.station.unplug(2);
    await cp16.station.settled();
  });

  it("sends the local list: full first, then differential, then nothing; 1.6 stations get the idTags only", async () => {
    const sync = () => csms.api("POST", "/api/v1/local-list/sync", csms.keys.operator, { stationIds: ["CP-16"] });
    const first = await sync();
    expect(first.status).toBe(200);
    expect((await csms.api("GET", "/api/v1/local-list", csms.keys.operator)).body).toEqual({ version: 5, size: 4 });
    expect(first.body.results).toEqual([{ stationId: "CP-16", outcome: "sent", version: 1, messages: 1, entries: 3 }]);
    const { version } = first.body.results[0];
    expect(await csms.services.need("registry").commands.getLocalListVersion(cp)).toEqual({
      ok: true,
      value: { version },
    });
    const removed = await csms.api("DELETE", `/api/v1/tokens/${encodeURIComponent("idTag:OLD")}`, csms.keys.operator);
    expect(removed.body).toEqual({ key: "idTag:OLD", removed: true });
    const second = await sync();
    expect(second.body.results).toEqual([
      { stationId: "CP-16", outcome: "sent", version: version + 1, messages: 1, entries: 1 },
    ]);
    expect((await sync()).body.results[0]).toMatchObject({ outcome: "up-to-date", messages: 0 });
    const offline = await csms.api("POST", "/api/v1/local-list/sync", csms.keys.operator, { stationIds: ["CP-OTHER"] });
    expect(offline.body.results).toEqual([
      {
        stationId: "CP-OTHER",
        outcome: "error",
        messages: 0,
        entries: 0,
        error: { code: "STATION_OFFLINE", message: "station CP-OTHER is not connected" },
      },
    ]);
  });

  it("keeps tokens across a restart of the authorizer (they live in the database)", async () => {
    const tokens = await csms.api("GET", "/api/v1/tokens?limit=2", csms.keys.operator);
    expect(tokens.body.items.map((t: { key: string }) => t.key)).toEqual(["idTag:BLOCKED", "idTag:GOOD"]);
    expect(tokens.body.next).toBe("idTag:GOOD");
    const rest = await csms.api("GET", "/api/v1/tokens?after=idTag%3AGOOD", csms.keys.operator);
    expect(rest.body.items.map((t: { key: string }) => t.key)).toEqual(["idToken:ISO14443:CARD-2X"]);
    const stored = await csms.services.need("storage").tokens.all();
    expect(stored).toHaveLength(3);
    clock.advance(HOUR);
  });
});
