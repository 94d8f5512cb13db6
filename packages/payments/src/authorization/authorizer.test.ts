import { ChargekitError, HOUR, TransactionId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it, vi } from "vitest";
import { createAuthorizer } from "./authorizer.js";
import { createAuthorizationCache } from "./cache.js";
import type { Credential } from "./credential.js";
import type { AuthorizationDecision } from "./decision.js";
import { createLateAuthorization, mayStopSession, planDeauthorization } from "./late-authorization.js";
import { createLocalAuthorizationList } from "./local-list.js";
import type { AuthorizationRequest, RemoteTokenService } from "./token-service.js";

const card: Credential = { kind: "idToken", idToken: "DEADBEEF", type: "ISO14443" };

function remoteAnswering(answer: (r: AuthorizationRequest) => AuthorizationDecision | Promise<AuthorizationDecision>) {
  const calls: AuthorizationRequest[] = [];
  const service: RemoteTokenService = {
    authorize: async (r) => {
      calls.push(r);
      return answer(r);
    },
  };
  return { service, calls };
}

describe("authorization cache", () => {
  it("remembers refusals too, expires entries past expiresAt and forgets them after the lifetime", () => {
    const clock = createManualClock(0);
    const cache = createAuthorizationCache({ clock, lifetimeMs: HOUR });
    cache.remember(card, { status: "Blocked", source: "remote" });
    expect(cache.lookup(card)).toEqual({ status: "Blocked", source: "cache" });
    cache.remember(card, { status: "Accepted", source: "remote", expiresAt: 1000 });
    clock.advance(1000);
    expect(cache.lookup(card)?.status).toBe("Expired");
    clock.advance(HOUR);
    expect(cache.lookup(card)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("never caches Central, NoAuthorization, payment cards or provisional answers, and clears on demand", () => {
    const clock = createManualClock(0);
    const cache = createAuthorizationCache({ clock });
    cache.remember({ kind: "idToken", idToken: "x", type: "Central" }, { status: "Accepted", source: "remote" });
    cache.remember({ kind: "card", pspRef: "p" }, { status: "Accepted", source: "remote" });
    cache.remember(card, { status: "Accepted", source: "offline", provisional: true });
    expect(cache.size).toBe(0);
    cache.remember(card, { status: "Accepted", source: "remote" });
    cache.clear();
    expect(cache.lookup(card)).toBeUndefined();
  });

  it("drops the least recently used entry when full (or the oldest with FIFO)", () => {
    const clock = createManualClock(0);
    const tag = (t: string): Credential => ({ kind: "idTag", idTag: t });
    for (const policy of ["LRU", "FIFO"] as const) {
      const cache = createAuthorizationCache({ clock, maxEntries: 2, policy });
      cache.remember(tag("A"), { status: "Accepted", source: "remote" });
      cache.remember(tag("B"), { status: "Accepted", source: "remote" });
      cache.lookup(tag("A"));
      cache.remember(tag("C"), { status: "Accepted", source: "remote" });
      expect(cache.lookup(tag("A")) === undefined, policy).toBe(policy === "FIFO");
      expect(cache.lookup(tag("B")) === undefined, policy).toBe(policy === "LRU");
    }
  });
});

describe("authorizer", () => {
  it("answers from the local list first, without asking the remote service or caching", async () => {
    const clock = createManualClock(0);
    const list = createLocalAuthorizationList();
    list.upsert([{ credential: card, decision: { status: "Accepted", groupId: "FLEET" } }]);
    const remote = remoteAnswering(() => ({ status: "Blocked", source: "remote" }));
    const cache = createAuthorizationCache({ clock });
    const authorizer = createAuthorizer({ clock, localList: list, cache, remote: remote.service });
    expect(await authorizer.authorize({ credential: card, purpose: "start" })).toEqual({
      status: "Accepted",
      groupId: "FLEET",
      source: "local-list",
    });
    expect(remote.calls).toHaveLength(0);
    expect(cache.size).toBe(0);
  });

  it("asks the remote service, caches its answer and falls back to the cache when it is unreachable", async () => {
    const clock = createManualClock(0);
    let up = true;
    const remote = remoteAnswering(() => {
      if (!up) throw new ChargekitError("UNAVAILABLE", "backend down");
      return { status: "Accepted", source: "remote", expiresAt: 10 * HOUR };
    });
    const cache = createAuthorizationCache({ clock });
    const authorizer = createAuthorizer({ clock, cache, remote: remote.service });
    expect((await authorizer.authorize({ credential: card, purpose: "start" })).source).toBe("remote");
    up = false;
    expect(await authorizer.authorize({ credential: card, purpose: "start" })).toEqual({
      status: "Accepted",
      source: "cache",
      expiresAt: 10 * HOUR,
    });
  });

  it("times out on the Clock and applies the offline policy to unknown credentials", async () => {
    const clock = createManualClock(0);
    const remote = remoteAnswering(() => new Promise<AuthorizationDecision>(() => {}));
    const strict = createAuthorizer({ clock, remote: remote.service, remoteTimeoutMs: 2000 });
    const pending = strict.authorize({ credential: card, purpose: "start" });
    await clock.advanceAsync(2000);
    expect(await pending).toEqual({ status: "Unknown", source: "offline" });
    const lenient = createAuthorizer({
      clock,
      remote: remote.service,
      remoteTimeoutMs: 2000,
      offline: { allowUnknown: true },
    });
    const provisional = lenient.authorize({ credential: card, purpose: "start" });
    await clock.advanceAsync(2000);
    expect(await provisional).toEqual({ status: "Accepted", source: "offline", provisional: true });
    expect(clock.pendingTimers()).toBe(0);
  });

  it("answers ConcurrentTx to a start of a credential that is already charging", async () => {
    const clock = createManualClock(0);
    const remote = remoteAnswering(() => ({ status: "Accepted", source: "remote" }));
    const activeSession = vi.fn(async () => true);
    const authorizer = createAuthorizer({ clock, remote: remote.service, activeSession });
    expect((await authorizer.authorize({ credential: card, purpose: "start" })).status).toBe("ConcurrentTx");
    expect((await authorizer.authorize({ credential: card, purpose: "stop" })).status).toBe("Accepted");
  });
});

describe("late authorization (StopTxOnInvalidId)", () => {
  const refused: AuthorizationDecision = { status: "Invalid", source: "remote" };

  it("follows the OCPP E05 decision tree", () => {
    const plan = (stopTxOnInvalidId: boolean, maxEnergyOnInvalidIdWh?: number, inStartResponse = true) =>
      planDeauthorization(refused, {
        station: { stopTxOnInvalidId, ...(maxEnergyOnInvalidIdWh === undefined ? {} : { maxEnergyOnInvalidIdWh }) },
        inStartResponse,
      });
    expect(plan(true, 0)).toEqual({ action: "stop", enforcedBy: "station", afterEnergyWh: 0 });
    expect(plan(true, 500)).toEqual({ action: "stop", enforcedBy: "station", afterEnergyWh: 500 });
    expect(plan(false)).toEqual({ action: "stop", enforcedBy: "csms" });
    expect(plan(true, 500, false)).toEqual({ action: "stop", enforcedBy: "csms" });
    expect(
      planDeauthorization(refused, {
        station: { stopTxOnInvalidId: false },
        inStartResponse: true,
        operatorStops: false,
      }),
    ).toEqual({
      action: "continue",
      reason: "operator-allows",
    });
    expect(
      planDeauthorization(
        { status: "Unknown", source: "offline" },
        { station: { stopTxOnInvalidId: true }, inStartResponse: true },
      ),
    ).toEqual({
      action: "continue",
      reason: "not-authoritative",
    });
  });

  it("authorizes an offline-started session at its start event and asks for a stop when refused", async () => {
    const clock = createManualClock(0);
    const remote = remoteAnswering(() => refused);
    const late = createLateAuthorization({ authorizer: createAuthorizer({ clock, remote: remote.service }) });
    const stops: unknown[] = [];
    late.events.on("transaction:deauthorized", (e) => stops.push(e.plan));
    const result = await late.sessionStarted({
      transactionId: TransactionId.of("tx-1"),
      credential: card,
      station: { stopTxOnInvalidId: false },
      before: { status: "Accepted", source: "offline", provisional: true },
    });
    expect(result.decision.status).toBe("Invalid");
    expect(stops).toEqual([{ action: "stop", enforcedBy: "csms" }]);
    expect(remote.calls.map((c) => c.purpose)).toEqual(["check"]);
  });

  it("does not re-ask for a session authorized online before its start; a later revocation asks for a stop", async () => {
    const clock = createManualClock(0);
    const remote = remoteAnswering(() => refused);
    const late = createLateAuthorization({ authorizer: createAuthorizer({ clock, remote: remote.service }) });
    const stops: unknown[] = [];
    late.events.on("transaction:deauthorized", (e) => stops.push(e.transactionId));
    const tx = TransactionId.of("tx-2");
    await late.sessionStarted({
      transactionId: tx,
      credential: card,
      station: { stopTxOnInvalidId: true },
      before: { status: "Accepted", source: "remote" },
    });
    expect(remote.calls).toHaveLength(0);
    expect(
      late.revoked({
        transactionId: tx,
        credential: card,
        decision: { status: "Blocked", source: "remote" },
        station: { stopTxOnInvalidId: true },
      }),
    ).toEqual({
      action: "stop",
      enforcedBy: "csms",
    });
    expect(stops).toEqual([tx]);
  });

  it("lets the same card, a group member or a master pass stop a session", () => {
    const accepted = (groupId?: string): AuthorizationDecision => ({
      status: "Accepted",
      source: "remote",
      ...(groupId === undefined ? {} : { groupId }),
    });
    expect(
      mayStopSession({ startedByKey: "k1", presentedKey: "k1", presented: { status: "Blocked", source: "remote" } }),
    ).toBe(true);
    expect(
      mayStopSession({ startedByKey: "k1", startedByGroup: "FLEET", presentedKey: "k2", presented: accepted("fleet") }),
    ).toBe(true);
    expect(
      mayStopSession({ startedByKey: "k1", startedByGroup: "FLEET", presentedKey: "k2", presented: accepted("OTHER") }),
    ).toBe(false);
    expect(
      mayStopSession({
        startedByKey: "k1",
        presentedKey: "k3",
        presented: accepted("MASTER"),
        masterPassGroupId: "master",
      }),
    ).toBe(true);
    expect(
      mayStopSession({
        startedByKey: "k1",
        startedByGroup: "FLEET",
        presentedKey: "k2",
        presented: { status: "Blocked", source: "remote", groupId: "FLEET" },
      }),
    ).toBe(false);
  });
});
