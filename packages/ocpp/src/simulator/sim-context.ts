import type { Clock, Logger, TypedEmitter } from "@chargekit/core";
import type { CallResult } from "../rpc/endpoint-types.js";
import type { OcppVersion } from "../schema/versions.js";
import type { ActiveTransaction, InstalledProfile } from "../smart-charging/types.js";
import type { AuthorizationStatus, AuthToken } from "../station/model.js";
import type { QueuedMessage } from "./queue-store.js";
import type { StationConfig } from "./station-config.js";
import type { SimulatedStationEvents } from "./station-types.js";

/**
 * What an EVSE controller of the simulator uses from its station.
 *
 * @internal
 */
export interface SimContext {
  readonly clock: Clock;
  readonly config: StationConfig;
  readonly version: OcppVersion;
  readonly events: TypedEmitter<SimulatedStationEvents>;
  readonly logger: Logger;
  /** Connected and Accepted. */
  online(): boolean;
  /** Sends a CALL now; undefined when offline. */
  call(action: string, payload: object): Promise<CallResult<unknown>> | undefined;
  /**
   * Sends a message that is not transaction-related (StatusNotification …); dropped while offline or not
   * Accepted, unless a TriggerMessage asked for this action.
   */
  notify(action: string, payload: object): void;
  /** Puts a transaction message in the durable queue. */
  enqueue(message: Omit<QueuedMessage, "id" | "attempts">): void;
  /** Authorizes a credential (Authorize when online, the local list / offline rules otherwise). */
  authorize(token: AuthToken): Promise<AuthorizationStatus>;
  /** The installed charging profiles. */
  profiles(): readonly InstalledProfile[];
  /** Every running transaction (for TxProfiles and Relative profiles). */
  transactions(): readonly ActiveTransaction[];
  /** A fresh id (2.x transaction ids, 1.6 local references). */
  newId(): string;
  /** The station-wide reset asked to wait for idle EVSEs: an EVSE calls this when its session ended. */
  sessionEnded(): void;
}
