import type { Clock, Logger, StationId } from "@chargekit/core";
import type { Authorizer, AuthToken, StationRegistry } from "@chargekit/ocpp";
import {
  type Credential,
  createAuthorizer,
  createLocalAuthorizationList,
  credentialKey,
  isAccepted,
  type LocalAuthorizationList,
  type StationListState,
} from "@chargekit/payments";
import type { StartGate } from "../booking/start-gate.js";
import type { SessionStore } from "../store/session-store.js";
import type { TokenRecord, TokenStore } from "../store/token-store.js";
import { credentialOf, listedDecisionOf, toOcppDecision } from "./credentials.js";
import { syncStationList } from "./local-list-sync.js";

/** What a local list synchronisation of one station did. */
export interface LocalListSyncOutcome {
  /** The station. */
  readonly stationId: StationId;
  /** `up-to-date` (nothing to send), `sent` (every message accepted), or the station's refusal. */
  readonly outcome: "up-to-date" | "sent" | "Failed" | "NotSupported" | "VersionMismatch";
  /** The list version the station holds afterwards (when known). */
  readonly version?: number;
  /** Messages sent. */
  readonly messages: number;
  /** Entries sent. */
  readonly entries: number;
}

/**
 * Driver authorization as the CSMS runs it: registered tokens (persisted) feeding the operator's local
 * authorization list, the authorizer the station registry asks for every Authorize and transaction start, and the
 * SendLocalList synchronisation of stations.
 */
export interface AuthorizationService {
  /** The master copy of the local authorization list (rebuilt from the tokens at start-up). */
  readonly localList: LocalAuthorizationList;
  /** The registry's authorizer: Authorize, and the start, stop and credential of every transaction message. */
  readonly authorize: Authorizer;
  /** The registered token a station credential matches, if any. */
  tokenOf(token: AuthToken): Promise<TokenRecord | undefined>;
  /** The matching key of a station credential (`credentialKey` of its payments credential). */
  keyOf(token: AuthToken): string;
  /** Registers or replaces a token (and updates the local list). */
  putToken(record: Omit<TokenRecord, "key" | "updatedAt">): Promise<TokenRecord>;
  /** Removes a token; true when it existed. */
  removeToken(key: string): Promise<boolean>;
  /** The credential of a station token (1.6 idTags have no kind; 2.x DirectPayment tokens are cards). */
  credentialOf(token: AuthToken): Credential;
  /** Brings one station's local list to the current version (differential when its state is known). */
  syncLocalList(stationId: StationId, options?: { readonly full?: boolean }): Promise<LocalListSyncOutcome>;
}

/** What {@link createAuthorizationService} needs. */
export interface AuthorizationServiceDeps {
  /** The clock (expiries). */
  readonly clock: Clock;
  /** Logger. */
  readonly logger: Logger;
  /** Registered tokens. */
  readonly tokens: TokenStore;
  /** Session records (`ConcurrentTx`: a token charging at another station). */
  readonly sessions: SessionStore;
  /** The station registry, once running (local list synchronisation). */
  readonly registry: () => StationRegistry;
  /** The reservations module's walk-up gate, when assembled. */
  readonly startGate: () => StartGate | undefined;
  /** Accept tokens nobody registered (provisionally). */
  readonly acceptUnknown: boolean;
}

/**
 * Creates the {@link AuthorizationService} and loads the registered tokens into the local list. The authorizer
 * answers from the list (expired entries: `Expired`), then by the unknown-token policy; an accepted start of a token
 * that charges at another station is `ConcurrentTx`; an accepted start on an EVSE that is reserved for someone else
 * is refused by the reservations module's walk-up gate.
 */
export async function createAuthorizationService(deps: AuthorizationServiceDeps): Promise<AuthorizationService> {
  const localList = createLocalAuthorizationList();
  localList.replaceAll(
    (await deps.tokens.all()).map((t) => ({ credential: t.credential, decision: listedDecisionOf(t) })),
  );
  const authorizer = createAuthorizer({
    clock: deps.clock,
    localList,
    offline: { allowUnknown: deps.acceptUnknown },
    logger: deps.logger,
  });
  const states = new Map<string, StationListState>();
  const keyOf = (token: AuthToken): string => credentialKey(credentialOf(token));

  const authorize: Authorizer = async (request) => {
    const credential = credentialOf(request.token);
    const purpose = request.purpose === "stop" ? "stop" : request.purpose === "transaction" ? "check" : "start";
    const decision = await authorizer.authorize({
      credential,
      purpose,
      stationId: request.stationId,
      ...(request.evseId === undefined ? {} : { evseId: request.evseId }),
      ...(request.transactionId === undefined ? {} : { transactionId: request.transactionId }),
    });
    if (!isAccepted(decision) || purpose !== "start") return toOcppDecision(decision);
    const elsewhere = await deps.sessions.activeOfToken(credentialKey(credential));
    if (elsewhere.some((s) => s.stationId !== request.stationId)) return { status: "ConcurrentTx" };
    const gate = deps.startGate();
    if (request.purpose === "start" && request.evseId !== undefined && gate !== undefined) {
      const group = request.token.group ?? toOcppDecision(decision).group;
      const refusal = gate({
        stationId: request.stationId,
        evseId: request.evseId,
        token: group === undefined ? request.token : { ...request.token, group },
      });
      if (refusal !== undefined) return refusal;
    }
    return toOcppDecision(decision);
  };

  return {
    localList,
    authorize,
    keyOf,
    credentialOf,
    tokenOf: (token) => deps.tokens.get(keyOf(token)),
    async putToken(input) {
      const record: TokenRecord = { ...input, key: credentialKey(input.credential), updatedAt: deps.clock.now() };
      await deps.tokens.put(record);
      localList.upsert([{ credential: record.credential, decision: listedDecisionOf(record) }]);
      return record;
    },
    async removeToken(key) {
      const existing = await deps.tokens.get(key);
      if (existing === undefined) return false;
      const removed = await deps.tokens.remove(key);
      if (removed) localList.remove([existing.credential]);
      return removed;
    },
    syncLocalList: (stationId, options = {}) =>
      syncStationList(deps.registry(), localList, states, stationId, options.full === true),
  };
}
