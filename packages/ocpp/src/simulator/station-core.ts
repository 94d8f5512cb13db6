import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import type { InstalledProfile } from "../smart-charging/types.js";
import type { AuthorizationStatus } from "../station/model.js";
import type { V16ConnectorEvent } from "../station/v16-connector.js";
import type { EvseController } from "./evse-controller.js";
import type { SimContext } from "./sim-context.js";

/**
 * The station-wide state the CSMS command handlers of the simulator work on.
 *
 * @internal
 */
export interface StationCore {
  readonly ctx: SimContext;
  readonly evses: ReadonlyMap<number, EvseController>;
  /** Installed charging profiles (replaced as a whole on change). */
  profiles: InstalledProfile[];
  /** The local authorization list. */
  readonly localList: { version: number; readonly entries: Map<string, AuthorizationStatus> };
  /** The endpoint of the current connection. */
  endpoint(): RpcEndpoint<"station"> | undefined;
  /** Sends BootNotification (TriggerMessage). */
  boot(): Promise<void>;
  /** Sends a Heartbeat now. */
  heartbeat(): void;
  /** Restarts the heartbeat timer (HeartbeatInterval changed). */
  restartHeartbeat(): void;
  /** Resets the station: ends every transaction with `reason`, reboots, boots again. */
  reset(kind: "SoftReset" | "HardReset" | "ImmediateReset"): void;
  /** Resets as soon as no EVSE is busy (2.x OnIdle). */
  resetWhenIdle(): void;
  /** Moves the 1.6 connector 0 (the station) by the 1.6 machine. */
  moveConnectorZero(event: V16ConnectorEvent): void;
  /** Sends the 1.6 connector 0 status. */
  reportConnectorZero(): void;
  /** Lets a triggered message pass while the station is not Accepted. */
  allowTriggered(action: string): void;
  /** Every EVSE re-decides its power (profiles changed). */
  reevaluate(): void;
}
