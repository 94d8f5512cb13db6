import type { EvseId, StationId } from "@chargekit/core";
import type { AuthorizationDecision, AuthToken } from "@chargekit/ocpp";
import type { ReservationEngine } from "@chargekit/reservations";
import type { EvseDirectory } from "../sites/evse-directory.js";

/** What the walk-up gate is asked: a credential about to start a transaction on an EVSE. */
export interface StartGateRequest {
  /** The station. */
  readonly stationId: StationId;
  /** The EVSE the transaction starts on. */
  readonly evseId: EvseId;
  /** The credential, with its group (1.6 parent id tag, 2.x group id token) when the CSMS knows it. */
  readonly token: AuthToken;
}

/**
 * The reservations module's walk-up gate: a refusal (`Invalid` on OCPP 1.6, `NotAtThisTime` on 2.x) when the EVSE
 * is held for someone else now, `undefined` when it has no objection.
 */
export type StartGate = (request: StartGateRequest) => AuthorizationDecision | undefined;

/** A walk-up refused at a reserved EVSE, for logs and the operators' feed. */
export interface WalkUpRefusal {
  /** The station. */
  readonly stationId: StationId;
  /** The EVSE. */
  readonly evseId: EvseId;
  /** Until when the reservation holds the EVSE. */
  readonly until: number | undefined;
}

/**
 * The walk-up gate over a reservation engine: a start on a configured EVSE is refused (`NotAtThisTime`; OCPP 1.6
 * stations receive `Invalid`) only when the engine says the EVSE is reserved for someone else at this instant —
 * inside that reservation's occupancy, for a token that is neither the reservation's nor its group's, and for a
 * site-level hold only when it cannot move to another charger. Every other answer of the engine (a busy or faulted
 * EVSE it may not know the latest of) is left to the station.
 */
export function createStartGate(
  engine: Pick<ReservationEngine, "authorizeStart">,
  directory: Pick<EvseDirectory, "at">,
  onRefused?: (refusal: WalkUpRefusal) => void,
): StartGate {
  return ({ stationId, evseId, token }) => {
    const evse = directory.at(stationId, evseId);
    if (evse === undefined) return undefined;
    const decision = engine.authorizeStart(evse.ref, {
      idToken: token.value,
      ...(token.group === undefined ? {} : { groupIdToken: token.group }),
    });
    if (decision.allowed || decision.reason !== "reserved") return undefined;
    onRefused?.({ stationId, evseId, until: decision.until });
    return { status: "NotAtThisTime" };
  };
}
