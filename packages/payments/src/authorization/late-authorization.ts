import { createEmitter, type TransactionId, type TypedEmitter } from "@chargekit/core";
import type { Authorizer } from "./authorizer.js";
import type { Credential } from "./credential.js";
import { type AuthorizationDecision, isAccepted } from "./decision.js";

/**
 * A station's configuration for sessions whose credential turns out to be refused after the start (OCPP 1.6
 * `StopTransactionOnInvalidId` / `MaxEnergyOnInvalidId`, 2.x `TxCtrlr.StopTxOnInvalidId` / `MaxEnergyOnInvalidId`).
 *
 * @category Authorization
 */
export interface StationInvalidIdPolicy {
  /** The station stops a session when the CSMS answers its start with a refusal. */
  readonly stopTxOnInvalidId: boolean;
  /** Energy (Wh) the station still delivers after such a refusal before it stops; 0 or absent: stop at once. */
  readonly maxEnergyOnInvalidIdWh?: number;
}

/**
 * What should happen to a running session after an authorization answer.
 *
 * - `continue`: keep charging (accepted; or the answer is not authoritative, e.g. the remote service was
 *   unreachable — ask again later; or neither the station nor the operator wants a stop).
 * - `stop` enforced by the `station`: the refusal travels in the response to the start event and the station stops
 *   itself, after `afterEnergyWh` more energy (OCPP E05 decision tree).
 * - `stop` enforced by the `csms`: the station will not stop by itself (it does not stop on invalid ids, or the
 *   refusal came after the response), so the CSMS must ask it to stop (RemoteStopTransaction /
 *   RequestStopTransaction).
 *
 * @category Authorization
 */
export type DeauthorizationPlan =
  | {
      /** Keep charging. */
      readonly action: "continue";
      /** Why. */
      readonly reason: "accepted" | "not-authoritative" | "operator-allows";
    }
  | {
      /** The session must stop. */
      readonly action: "stop";
      /** The station stops it itself. */
      readonly enforcedBy: "station";
      /** Energy (Wh) still delivered before it stops. */
      readonly afterEnergyWh: number;
    }
  | {
      /** The session must stop. */
      readonly action: "stop";
      /** The CSMS must ask the station to stop. */
      readonly enforcedBy: "csms";
    };

/**
 * Decides, from a refusal and the station's policy, whether and how a session that already started must stop.
 *
 * @category Authorization
 */
export function planDeauthorization(
  decision: AuthorizationDecision,
  context: {
    /** The station's invalid-id policy. */
    readonly station: StationInvalidIdPolicy;
    /** True when the decision is sent in the response to the session's start event (so the station sees it). */
    readonly inStartResponse: boolean;
    /** The operator stops refused sessions the station would let run (default true). */
    readonly operatorStops?: boolean;
  },
): DeauthorizationPlan {
  if (isAccepted(decision)) return { action: "continue", reason: "accepted" };
  if (decision.source === "offline") return { action: "continue", reason: "not-authoritative" };
  if (context.inStartResponse && context.station.stopTxOnInvalidId) {
    return {
      action: "stop",
      enforcedBy: "station",
      afterEnergyWh: Math.max(0, context.station.maxEnergyOnInvalidIdWh ?? 0),
    };
  }
  if (context.operatorStops === false) return { action: "continue", reason: "operator-allows" };
  return { action: "stop", enforcedBy: "csms" };
}

/**
 * Events of {@link LateAuthorization}.
 *
 * @category Authorization
 */
export interface LateAuthorizationEvents {
  /** A running session's credential was refused and the session should stop: the neutral "stop" request. */
  "transaction:deauthorized": {
    /** The session. */
    readonly transactionId: TransactionId;
    /** The refused credential. */
    readonly credential: Credential;
    /** The refusal. */
    readonly decision: AuthorizationDecision;
    /** Who stops it and when. */
    readonly plan: Extract<DeauthorizationPlan, { action: "stop" }>;
  };
}

/**
 * What {@link LateAuthorization.sessionStarted} decided.
 *
 * @category Authorization
 */
export interface LateAuthorizationResult {
  /** The decision to put in the response to the start event. */
  readonly decision: AuthorizationDecision;
  /** What happens to the session. */
  readonly plan: DeauthorizationPlan;
}

/**
 * Handles sessions that started before an authoritative answer (offline starts, `LocalPreAuthorize`, unknown ids
 * allowed offline) and refusals that arrive later (a roaming partner answering late, a card blocked mid-session).
 *
 * @category Authorization
 */
export interface LateAuthorization {
  /** Typed events; `transaction:deauthorized` asks for a stop. */
  readonly events: TypedEmitter<LateAuthorizationEvents>;
  /**
   * Call when a session's start event arrives. Unless the credential was authoritatively accepted before the start,
   * it is authorized now; the returned decision goes into the response to the start event. A refusal emits
   * `transaction:deauthorized` with the plan.
   */
  sessionStarted(input: {
    readonly transactionId: TransactionId;
    readonly credential: Credential;
    readonly station: StationInvalidIdPolicy;
    /** The decision given before the start, if there was one. */
    readonly before?: AuthorizationDecision;
  }): Promise<LateAuthorizationResult>;
  /** Call when an authoritative refusal arrives for a running session after its start was answered. */
  revoked(input: {
    readonly transactionId: TransactionId;
    readonly credential: Credential;
    readonly decision: AuthorizationDecision;
    readonly station: StationInvalidIdPolicy;
  }): DeauthorizationPlan;
}

/**
 * Creates a {@link LateAuthorization} over an authorizer.
 *
 * @category Authorization
 */
export function createLateAuthorization(options: {
  /** Authorizes credentials checked at the start. */
  readonly authorizer: Authorizer;
  /** The operator stops refused sessions the station would let run (default true). */
  readonly operatorStops?: boolean;
}): LateAuthorization {
  const events = createEmitter<LateAuthorizationEvents>();
  const operatorStops = options.operatorStops ?? true;
  const announce = (
    transactionId: TransactionId,
    credential: Credential,
    decision: AuthorizationDecision,
    plan: DeauthorizationPlan,
  ): void => {
    if (plan.action === "stop") events.emit("transaction:deauthorized", { transactionId, credential, decision, plan });
  };
  return {
    events,
    async sessionStarted(input) {
      const authoritative =
        input.before !== undefined &&
        isAccepted(input.before) &&
        input.before.provisional !== true &&
        input.before.source !== "offline";
      const decision = authoritative
        ? (input.before as AuthorizationDecision)
        : await options.authorizer.authorize({
            credential: input.credential,
            purpose: "check",
            transactionId: input.transactionId,
          });
      const plan = planDeauthorization(decision, { station: input.station, inStartResponse: true, operatorStops });
      announce(input.transactionId, input.credential, decision, plan);
      return { decision, plan };
    },
    revoked(input) {
      const plan = planDeauthorization(input.decision, {
        station: input.station,
        inStartResponse: false,
        operatorStops,
      });
      announce(input.transactionId, input.credential, input.decision, plan);
      return plan;
    },
  };
}

/**
 * Whether a credential may stop a session started by another: the same credential, a member of the same group
 * (1.6 `parentIdTag`, 2.x `groupIdToken`), or a member of the master-pass group (2.x `AuthCtrlr.MasterPassGroupId`).
 *
 * @category Authorization
 */
export function mayStopSession(input: {
  /** Credential key of who started the session ({@link credentialKey}). */
  readonly startedByKey: string;
  /** Group of who started it, from its decision. */
  readonly startedByGroup?: string;
  /** Credential key of who wants to stop. */
  readonly presentedKey: string;
  /** Decision for who wants to stop. */
  readonly presented: AuthorizationDecision;
  /** The master-pass group, when configured. */
  readonly masterPassGroupId?: string;
}): boolean {
  if (input.presentedKey === input.startedByKey) return true;
  if (!isAccepted(input.presented) && input.presented.status !== "ConcurrentTx") return false;
  const group = input.presented.groupId;
  if (group === undefined) return false;
  if (input.masterPassGroupId !== undefined && group.toUpperCase() === input.masterPassGroupId.toUpperCase())
    return true;
  return input.startedByGroup !== undefined && group.toUpperCase() === input.startedByGroup.toUpperCase();
}
