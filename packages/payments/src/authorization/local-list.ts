import { ChargekitError, err, type Instant, ok, type Result } from "@chargekit/core";
import { type Credential, credentialKey } from "./credential.js";
import { type AuthorizationDecision, decisionAt } from "./decision.js";

/**
 * The stored part of a decision in a local list: everything but the source, which is `"local-list"` on lookup.
 *
 * @category Authorization
 */
export type ListedDecision = Omit<AuthorizationDecision, "source" | "provisional">;

/**
 * One entry of a local authorization list update. In a differential update an entry without `decision` removes the
 * credential from the station's list (OCPP: an entry without `idTagInfo` / `idTokenInfo`).
 *
 * @category Authorization
 */
export interface LocalListEntry {
  /** The credential. */
  readonly credential: Credential;
  /** What the station should answer offline for it; absent to remove it. */
  readonly decision?: ListedDecision;
}

/**
 * One message of a local list synchronisation: the neutral content of an OCPP `SendLocalList` request.
 *
 * @category Authorization
 */
export interface LocalListUpdate {
  /** The version the station's list has after applying this message (always > 0). */
  readonly version: number;
  /** `Full` replaces the station's list; `Differential` changes it. */
  readonly updateType: "Full" | "Differential";
  /** The entries (a `Full` update with no entries empties the list). */
  readonly entries: readonly LocalListEntry[];
}

/**
 * What the CSMS knows about one station's copy of the list.
 *
 * @category Authorization
 */
export interface StationListState {
  /** The version number the station reports for its list (OCPP `GetLocalListVersion`). */
  readonly stationVersion: number;
  /** The version of the master list the station's copy reflects. */
  readonly masterVersion: number;
}

/**
 * A synchronisation plan: the messages to send, in order, and the station state once all were accepted.
 *
 * @category Authorization
 */
export interface LocalListSyncPlan {
  /** The SendLocalList contents, in order; empty when the station is up to date. */
  readonly messages: readonly LocalListUpdate[];
  /** Record this as the station's state once every message was accepted; forget the state on any failure. */
  readonly target: StationListState;
}

/**
 * Options of {@link LocalAuthorizationList.plan}.
 *
 * @category Authorization
 */
export interface LocalListSyncOptions {
  /** What the CSMS recorded for the station after its last successful sync, if anything. */
  readonly state?: StationListState;
  /** The version the station reports now (`GetLocalListVersion`); a mismatch with `state` forces a full update. */
  readonly reportedVersion?: number;
  /** Entries per message (1.6 `SendLocalListMaxLength`, 2.x `LocalAuthListCtrlr.ItemsPerMessage`). */
  readonly itemsPerMessage: number;
  /** Entries the station can hold (1.6 `LocalAuthListMaxLength`, 2.x `LocalAuthListCtrlr.Entries`). */
  readonly maxEntries?: number;
}

/**
 * The CSMS's master copy of a local authorization list: versioned, with a changelog, so each station gets either a
 * differential update from the version it holds or a full one.
 *
 * @category Authorization
 */
export interface LocalAuthorizationList {
  /** Current version; 0 for an empty list that never changed. Every change increments it. */
  readonly version: number;
  /** Number of entries. */
  readonly size: number;
  /** Adds or replaces entries; returns the new version. */
  upsert(entries: readonly { credential: Credential; decision: ListedDecision }[]): number;
  /** Removes credentials; returns the new version. */
  remove(credentials: readonly Credential[]): number;
  /** Replaces the whole list; returns the new version. */
  replaceAll(entries: readonly { credential: Credential; decision: ListedDecision }[]): number;
  /** The listed decision for a credential as it holds at `now` (expired entries answer `Expired`). */
  lookup(credential: Credential, now: Instant): AuthorizationDecision | undefined;
  /** All entries. */
  entries(): LocalListEntry[];
  /** Plans the SendLocalList messages that bring a station's copy to the current version. */
  plan(options: LocalListSyncOptions): Result<LocalListSyncPlan, ChargekitError>;
}

/**
 * Options of {@link createLocalAuthorizationList}.
 *
 * @category Authorization
 */
export interface LocalAuthorizationListOptions {
  /** Entries the master list may hold (default 100 000). */
  readonly maxEntries?: number;
  /** How many versions of history to keep for differential updates (default 1000); older stations get a full update. */
  readonly historyVersions?: number;
}

interface Slot {
  readonly credential: Credential;
  readonly decision: ListedDecision | undefined;
  readonly changedAt: number;
}

/**
 * Creates an in-memory {@link LocalAuthorizationList}.
 *
 * @example
 * ```ts
 * const list = createLocalAuthorizationList();
 * list.upsert([{ credential: { kind: "idTag", idTag: "04A1B2C3" }, decision: { status: "Accepted" } }]);
 * const plan = list.plan({ itemsPerMessage: 50 });
 * // plan.value.messages[0] → { version: 1, updateType: "Full", entries: [...] }
 * ```
 * @category Authorization
 */
export function createLocalAuthorizationList(options: LocalAuthorizationListOptions = {}): LocalAuthorizationList {
  const maxEntries = options.maxEntries ?? 100_000;
  const history = options.historyVersions ?? 1000;
  const slots = new Map<string, Slot>(); // includes tombstones (decision undefined)
  let version = 0;
  let size = 0;
  let oldestDiffable = 0; // a station at a version >= this can get a differential

  const set = (credential: Credential, decision: ListedDecision | undefined, at: number): void => {
    const key = credentialKey(credential);
    const before = slots.get(key);
    if (before?.decision !== undefined) size--;
    if (decision !== undefined) size++;
    slots.set(key, { credential, decision, changedAt: at });
  };

  const prune = (): void => {
    const floor = version - history;
    if (floor <= oldestDiffable) return;
    for (const [key, slot] of slots) if (slot.decision === undefined && slot.changedAt <= floor) slots.delete(key);
    oldestDiffable = floor;
  };

  const checkSize = (extra: number): void => {
    if (size + extra > maxEntries) {
      throw new ChargekitError("LIMIT_EXCEEDED", `the local list may hold at most ${maxEntries} entries`);
    }
  };

  return {
    get version() {
      return version;
    },
    get size() {
      return size;
    },
    upsert(entries) {
      const fresh = entries.filter((e) => slots.get(credentialKey(e.credential))?.decision === undefined).length;
      checkSize(fresh);
      version++;
      for (const e of entries) set(e.credential, e.decision, version);
      prune();
      return version;
    },
    remove(credentials) {
      version++;
      for (const c of credentials) {
        const slot = slots.get(credentialKey(c));
        if (slot?.decision !== undefined) set(slot.credential, undefined, version);
      }
      prune();
      return version;
    },
    replaceAll(entries) {
      if (entries.length > maxEntries) {
        throw new ChargekitError("LIMIT_EXCEEDED", `the local list may hold at most ${maxEntries} entries`);
      }
      version++;
      const keep = new Set(entries.map((e) => credentialKey(e.credential)));
      for (const [key, slot] of slots)
        if (!keep.has(key) && slot.decision !== undefined) set(slot.credential, undefined, version);
      for (const e of entries) set(e.credential, e.decision, version);
      prune();
      return version;
    },
    lookup(credential, now) {
      const decision = slots.get(credentialKey(credential))?.decision;
      return decision === undefined ? undefined : decisionAt({ ...decision, source: "local-list" }, now);
    },
    entries() {
      return [...slots.values()]
        .filter((s) => s.decision !== undefined)
        .map((s) => ({ credential: s.credential, decision: s.decision as ListedDecision }));
    },
    plan(o) {
      if (!(Number.isInteger(o.itemsPerMessage) && o.itemsPerMessage >= 1)) {
        return err(
          new ChargekitError(
            "INVALID_ARGUMENT",
            `itemsPerMessage must be a positive integer, got ${o.itemsPerMessage}`,
          ),
        );
      }
      if (o.maxEntries !== undefined && size > o.maxEntries) {
        return err(
          new ChargekitError(
            "LIMIT_EXCEEDED",
            `the list has ${size} entries but the station holds at most ${o.maxEntries}`,
            {
              details: { entries: size, maxEntries: o.maxEntries },
            },
          ),
        );
      }
      const state = o.state;
      const stationVersion = Math.max(0, o.reportedVersion ?? state?.stationVersion ?? 0);
      const trusted =
        state !== undefined && (o.reportedVersion === undefined || o.reportedVersion === state.stationVersion);
      if (trusted && state.masterVersion === version) return ok({ messages: [], target: state });
      const chunk = <T>(items: readonly T[]): T[][] => {
        const out: T[][] = [];
        for (let i = 0; i < items.length; i += o.itemsPerMessage) out.push(items.slice(i, i + o.itemsPerMessage));
        return out;
      };
      if (trusted && state.masterVersion >= oldestDiffable && state.masterVersion < version) {
        const changes = [...slots.values()]
          .filter((s) => s.changedAt > state.masterVersion)
          .map(
            (s): LocalListEntry =>
              s.decision === undefined
                ? { credential: s.credential }
                : { credential: s.credential, decision: s.decision },
          );
        const messages = chunk(changes).map((entries, i) => ({
          version: state.stationVersion + i + 1,
          updateType: "Differential" as const,
          entries,
        }));
        const last = messages.at(-1)?.version ?? state.stationVersion;
        return ok({ messages, target: { stationVersion: last, masterVersion: version } });
      }
      // Full update: the first message replaces the list, further chunks are differentials on top of it.
      const all = [...slots.values()]
        .filter((s) => s.decision !== undefined)
        .map((s) => ({ credential: s.credential, decision: s.decision as ListedDecision }));
      const chunks = all.length === 0 ? [[]] : chunk(all);
      const messages = chunks.map((entries, i) => ({
        version: stationVersion + i + 1,
        updateType: i === 0 ? ("Full" as const) : ("Differential" as const),
        entries,
      }));
      const last = (messages.at(-1) as LocalListUpdate).version;
      return ok({ messages, target: { stationVersion: last, masterVersion: version } });
    },
  };
}
