import type { InboundCall } from "./rpc-peer.js";
import { type EvseModel, TestStation, type TestStationOptions } from "./test-station.js";

/** A 1.6 transaction as the station knows it. */
export interface Transaction16 {
  /** Connector (= EVSE). */
  readonly connectorId: number;
  /** The idTag that started it. */
  readonly idTag: string;
  /** Register at the start, Wh. */
  readonly meterStart: number;
  /** When it started. */
  readonly timestamp: string;
  /** The reservation it uses. */
  readonly reservationId?: number;
  /** The CSMS's transaction id, once answered. */
  id?: number;
  /** Every id the CSMS answered the StartTransaction with (a resent start must get the same one). */
  readonly ids: number[];
  /** The start's idTagInfo status. */
  status?: string;
}

/**
 * A scripted OCPP 1.6 charge point on ocpp-rpc: boots, reports connector statuses, authorizes, keeps the
 * reservations and charging profiles the CSMS sends, and delivers StartTransaction / MeterValues /
 * StopTransaction through its queue (a message that waits for its transaction's id gets it when the start is
 * answered).
 */
export class Station16 extends TestStation {
  readonly version = "ocpp1.6" as const;
  private localListVersion = 0;
  private readonly running = new Map<number, Transaction16>();

  constructor(options: TestStationOptions) {
    super(options, "ocpp1.6");
  }

  /** BootNotification, then Available on every connector; resolves with the registration status. */
  async boot(): Promise<string> {
    const answer = await this.call("BootNotification", {
      chargePointVendor: "chargekit-e2e",
      chargePointModel: "ocpp-rpc 1.6",
      firmwareVersion: "1.0.0",
    });
    if (answer.status === "Accepted") {
      for (let c = 0; c <= this.evses.length; c++) this.status(c, "Available");
    }
    return answer.status;
  }

  /** Authorize; resolves with the idTagInfo status. */
  async authorize(idTag: string): Promise<string> {
    const answer = await this.call("Authorize", { idTag });
    return answer.idTagInfo.status;
  }

  /** StatusNotification of a connector (only when online). */
  status(connectorId: number, status: string): void {
    this.notify("StatusNotification", { connectorId, errorCode: "NoError", status, timestamp: this.timestamp() });
  }

  /** The driver plugs in and starts with `idTag` (using the connector's reservation when it is theirs). */
  start(connectorId: number, idTag: string): Transaction16 {
    const evse = this.evse(connectorId);
    const reservationId = evse.reservation?.idTag === idTag ? evse.reservation.id : undefined;
    const tx: Transaction16 = {
      connectorId,
      idTag,
      meterStart: evse.meterWh,
      timestamp: this.timestamp(),
      ids: [],
      ...(reservationId === undefined ? {} : { reservationId }),
    };
    this.running.set(connectorId, tx);
    evse.reservation = undefined;
    evse.transactionKey = `local-${connectorId}`; // the EV charges (under the default profile) before the id is known
    this.status(connectorId, "Preparing");
    this.enqueue({
      action: "StartTransaction",
      payload: () => ({
        connectorId,
        idTag,
        meterStart: tx.meterStart,
        timestamp: tx.timestamp,
        ...(tx.reservationId === undefined ? {} : { reservationId: tx.reservationId }),
      }),
      onAnswer: (answer) => {
        const a = answer as { transactionId: number; idTagInfo: { status: string } };
        tx.id = a.transactionId;
        tx.ids.push(a.transactionId);
        tx.status = a.idTagInfo.status;
        if (this.running.get(connectorId) === tx) evse.transactionKey = String(a.transactionId);
        this.status(connectorId, "Charging");
      },
    });
    return tx;
  }

  /** The transaction running on `connectorId`. */
  transaction(connectorId: number): Transaction16 | undefined {
    return this.running.get(connectorId);
  }

  /** Queues one MeterValues per charging connector: the energy register and the power drawn now. */
  meterValues(): void {
    for (const evse of this.evses) {
      const tx = this.running.get(evse.id);
      if (tx === undefined) continue;
      evse.powerW = this.allowedW(evse);
      this.noteSample(evse);
      const sample = this.sample(evse, "Sample.Periodic");
      this.enqueue({
        action: "MeterValues",
        payload: () => ({ connectorId: evse.id, transactionId: this.idOf(tx), meterValue: [sample] }),
      });
    }
  }

  /** The driver stops: StopTransaction with the final register, then the connector frees up. */
  stop(connectorId: number, reason = "Local"): Transaction16 {
    const tx = this.running.get(connectorId);
    if (tx === undefined) throw new Error(`${this.identity}: no transaction on connector ${connectorId}`);
    const evse = this.evse(connectorId);
    this.running.delete(connectorId);
    evse.transactionKey = undefined;
    evse.powerW = 0;
    const meterStop = evse.meterWh;
    const timestamp = this.timestamp();
    this.status(connectorId, "Finishing");
    this.enqueue({
      action: "StopTransaction",
      payload: () => ({ transactionId: this.idOf(tx), idTag: tx.idTag, meterStop, timestamp, reason }),
    });
    this.status(connectorId, "Available");
    return tx;
  }

  private idOf(tx: Transaction16): number {
    if (tx.id === undefined) throw new Error(`${this.identity}: transaction on ${tx.connectorId} has no id yet`);
    return tx.id;
  }

  private sample(evse: EvseModel, context: string) {
    return {
      timestamp: this.timestamp(),
      sampledValue: [
        { value: String(evse.meterWh), context, measurand: "Energy.Active.Import.Register", unit: "Wh" },
        { value: String(evse.powerW), context, measurand: "Power.Active.Import", unit: "W" },
      ],
    };
  }

  protected answer({ method, params }: InboundCall): unknown {
    switch (method) {
      case "SetChargingProfile":
        return { status: this.profiles.installV16(params) ? "Accepted" : "Rejected" };
      case "ClearChargingProfile": {
        const removed = this.profiles.clear({
          ...(params.id === undefined ? {} : { id: params.id }),
          ...(params.connectorId === undefined ? {} : { evseId: params.connectorId }),
          ...(params.chargingProfilePurpose === undefined ? {} : { purpose: params.chargingProfilePurpose }),
        });
        return { status: removed > 0 ? "Accepted" : "Unknown" };
      }
      case "ReserveNow":
        return this.reserveNow(params.connectorId, { id: params.reservationId, idTag: params.idTag });
      case "CancelReservation":
        return this.cancelReservation(params.reservationId);
      case "GetLocalListVersion":
        return { listVersion: this.localListVersion };
      case "SendLocalList":
        this.localListVersion = params.listVersion;
        return { status: "Accepted" };
      case "GetConfiguration":
        return { configurationKey: [], unknownKey: params.key ?? [] };
      case "ChangeConfiguration":
        return { status: "Accepted" };
      case "TriggerMessage":
      case "RemoteStartTransaction":
      case "RemoteStopTransaction":
        return { status: "Rejected" };
      default:
        return { status: "Accepted" };
    }
  }
}
