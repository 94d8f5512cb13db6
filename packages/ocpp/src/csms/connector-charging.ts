import type { Instant } from "@chargekit/core";
import type { ChargingState, ConnectorView } from "../station/model.js";
import { storeStatus } from "./handlers-common.js";
import { connectorKey, type LiveStation } from "./live-station.js";
import type { RegistryCore } from "./registry-core.js";
import type { TransactionRecord } from "./transaction-store.js";

/** What one applied (not replayed) 2.x TransactionEvent says about the connector's state. @internal */
export interface TransactionStateMessage {
  /** This message ended the transaction (its first Ended). */
  readonly ends: boolean;
  /** The chargingState the message itself carries. */
  readonly chargingState: ChargingState | undefined;
  /** The message's timestamp. */
  readonly at: Instant;
}

/** The connector a transaction runs on: the one it names, else the only (or the only Occupied) one of its EVSE. */
function connectorOf(live: LiveStation, transaction: TransactionRecord): ConnectorView | undefined {
  const evseId = transaction.evseId;
  if (evseId === undefined) return undefined;
  if (transaction.connectorId !== undefined) return live.connectors.get(connectorKey(evseId, transaction.connectorId));
  const onEvse = [...live.connectors.values()].filter((c) => c.evseId === evseId);
  if (onEvse.length === 1) return onEvse[0];
  const occupied = onEvse.filter((c) => c.status === "Occupied");
  return occupied.length === 1 ? occupied[0] : undefined;
}

/**
 * Makes the connector of a 2.x transaction follow its `chargingState` the way a 1.6 StatusNotification
 * (Charging, SuspendedEV …) moves the connector: while the transaction runs on the EVSE, the connector's charging
 * state is the transaction's newest one (by seqNo, so a late or replayed message changes nothing); its Ended
 * message sets the state it carries, or clears it. A state is set only on an Occupied connector (the only status
 * that has one); a connector whose EVSE has already moved on to another transaction is left alone. A change is
 * stored and emitted as `connector:status`, like a status the station reported.
 *
 * Call inside the station's serial work, after the live maps reflect the applied message. Returns undefined when
 * nothing changes (no promise to wait for on the common path), else the store's pending write.
 *
 * @internal
 */
export function followTransactionState(
  core: RegistryCore,
  live: LiveStation,
  transaction: TransactionRecord,
  message: TransactionStateMessage,
): Promise<boolean> | undefined {
  const evseId = transaction.evseId;
  if (evseId === undefined) return undefined;
  const running = live.evseTransactions.get(evseId);
  let target: ChargingState | undefined;
  if (message.ends) {
    if (running !== undefined) return undefined;
    target = message.chargingState;
  } else {
    if (transaction.ended || running !== transaction.id || transaction.chargingState === undefined) return undefined;
    target = transaction.chargingState;
  }
  const previous = connectorOf(live, transaction);
  if (previous === undefined || previous.chargingState === target) return undefined;
  if (target !== undefined && previous.status !== "Occupied") return undefined;
  const { chargingState: _replaced, ...rest } = previous;
  const view: ConnectorView = {
    ...rest,
    since: Math.max(previous.since, message.at),
    ...(target === undefined ? {} : { chargingState: target }),
  };
  return storeStatus(core, live, view);
}
