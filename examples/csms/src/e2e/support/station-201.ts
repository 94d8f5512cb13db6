import type { InboundCall } from "./rpc-peer.js";
import { type EvseModel, TestStation, type TestStationOptions } from "./test-station.js";

/** A 2.0.1 transaction as the station knows it (the station names it). */
export interface Transaction201 {
  /** The station's transaction id. */
  readonly transactionId: string;
  /** EVSE. */
  readonly evseId: number;
  /** The token that started it. */
  readonly idToken: string;
  /** The reservation it uses. */
  readonly reservationId?: number;
  /** The next seqNo. */
  seqNo: number;
  /** The Started event's idTokenInfo status, once answered. */
  status?: string;
}

/**
 * A scripted OCPP 2.0.1 charging station on ocpp-rpc: boots, reports connector statuses, authorizes, keeps the
 * reservations and charging profiles the CSMS sends, and delivers its TransactionEvents through its queue, each
 * with the next seqNo of its transaction and `offline: true` when it happened while the station was offline.
 */
export class Station201 extends TestStation {
  readonly version = "ocpp2.0.1" as const;
  private localListVersion = 0;
  private counter = 0;
  private readonly running = new Map<number, Transaction201>();

  constructor(options: TestStationOptions) {
    super(options, "ocpp2.0.1");
  }

  /** BootNotification, then Available on every EVSE; resolves with the registration status. */
  async boot(): Promise<string> {
    const answer = await this.call("BootNotification", {
      reason: "PowerUp",
      chargingStation: { vendorName: "chargekit-e2e", model: "ocpp-rpc 2.0.1", firmwareVersion: "1.0.0" },
    });
    if (answer.status === "Accepted") for (const evse of this.evses) this.status(evse.id, "Available");
    return answer.status;
  }

  /** Authorize; resolves with the idTokenInfo status. */
  async authorize(idToken: string): Promise<string> {
    const answer = await this.call("Authorize", { idToken: { idToken, type: "ISO14443" } });
    return answer.idTokenInfo.status;
  }

  /** StatusNotification of an EVSE's connector 1 (only when online). */
  status(evseId: number, connectorStatus: string): void {
    this.notify("StatusNotification", { timestamp: this.timestamp(), connectorStatus, evseId, connectorId: 1 });
  }

  /** The driver plugs in and starts with `idToken` (using the EVSE's reservation when it is theirs). */
  start(evseId: number, idToken: string): Transaction201 {
    const evse = this.evse(evseId);
    const reservationId = evse.reservation?.idTag === idToken ? evse.reservation.id : undefined;
    const tx: Transaction201 = {
      transactionId: `${this.identity}-tx-${++this.counter}`,
      evseId,
      idToken,
      seqNo: 0,
      ...(reservationId === undefined ? {} : { reservationId }),
    };
    this.running.set(evseId, tx);
    evse.reservation = undefined;
    evse.transactionKey = tx.transactionId;
    this.status(evseId, "Occupied");
    this.event(tx, "Started", "Authorized", "Charging", this.sample(evse, "Transaction.Begin"), {
      idToken: { idToken, type: "ISO14443" },
      evse: { id: evseId, connectorId: 1 },
      ...(reservationId === undefined ? {} : { reservationId }),
    });
    return tx;
  }

  /** The transaction running on `evseId`. */
  transaction(evseId: number): Transaction201 | undefined {
    return this.running.get(evseId);
  }

  /** Queues one TransactionEvent (Updated, MeterValuePeriodic) per charging EVSE with its register and power. */
  meterValues(): void {
    for (const evse of this.evses) {
      const tx = this.running.get(evse.id);
      if (tx === undefined) continue;
      evse.powerW = this.allowedW(evse);
      this.noteSample(evse);
      this.event(tx, "Updated", "MeterValuePeriodic", "Charging", this.sample(evse, "Sample.Periodic"));
    }
  }

  /** The driver stops with their token: TransactionEvent Ended with the final register. */
  stop(evseId: number, reason = "Local"): Transaction201 {
    const tx = this.running.get(evseId);
    if (tx === undefined) throw new Error(`${this.identity}: no transaction on EVSE ${evseId}`);
    const evse = this.evse(evseId);
    evse.powerW = 0;
    this.event(tx, "Ended", "StopAuthorized", "EVConnected", this.sample(evse, "Transaction.End"), {
      idToken: { idToken: tx.idToken, type: "ISO14443" },
      stoppedReason: reason,
    });
    this.running.delete(evseId);
    evse.transactionKey = undefined;
    this.status(evseId, "Available");
    return tx;
  }

  private event(
    tx: Transaction201,
    eventType: "Started" | "Updated" | "Ended",
    triggerReason: string,
    chargingState: string,
    meterValue: object,
    extra: { stoppedReason?: string; [key: string]: unknown } = {},
  ): void {
    const { stoppedReason, ...rest } = extra;
    const payload = {
      eventType,
      timestamp: this.timestamp(),
      triggerReason,
      seqNo: tx.seqNo++,
      transactionInfo: {
        transactionId: tx.transactionId,
        chargingState,
        ...(stoppedReason === undefined ? {} : { stoppedReason }),
      },
      meterValue: [meterValue],
      ...(this.online() ? {} : { offline: true }),
      ...rest,
    };
    this.enqueue({
      action: "TransactionEvent",
      payload: () => payload,
      onAnswer: (answer) => {
        const status = (answer as { idTokenInfo?: { status: string } }).idTokenInfo?.status;
        if (eventType === "Started" && status !== undefined) tx.status = status;
      },
    });
  }

  private sample(evse: EvseModel, context: string) {
    return {
      timestamp: this.timestamp(),
      sampledValue: [
        { value: evse.meterWh, context, measurand: "Energy.Active.Import.Register", unitOfMeasure: { unit: "Wh" } },
        { value: evse.powerW, context, measurand: "Power.Active.Import", unitOfMeasure: { unit: "W" } },
      ],
    };
  }

  protected answer({ method, params }: InboundCall): unknown {
    switch (method) {
      case "SetChargingProfile":
        return { status: this.profiles.installV201(params) ? "Accepted" : "Rejected" };
      case "ClearChargingProfile": {
        const criteria = params.chargingProfileCriteria ?? {};
        const removed = this.profiles.clear({
          ...(params.chargingProfileId === undefined ? {} : { id: params.chargingProfileId }),
          ...(criteria.evseId === undefined ? {} : { evseId: criteria.evseId }),
          ...(criteria.chargingProfilePurpose === undefined ? {} : { purpose: criteria.chargingProfilePurpose }),
        });
        return { status: removed > 0 ? "Accepted" : "Unknown" };
      }
      case "ReserveNow":
        return this.reserveNow(params.evseId ?? 1, { id: params.id, idTag: params.idToken.idToken });
      case "CancelReservation":
        return this.cancelReservation(params.reservationId);
      case "GetLocalListVersion":
        return { versionNumber: this.localListVersion };
      case "SendLocalList":
        this.localListVersion = params.versionNumber;
        return { status: "Accepted" };
      case "GetVariables":
        return {
          getVariableResult: params.getVariableData.map((d: { component: object; variable: object }) => ({
            attributeStatus: "UnknownVariable",
            component: d.component,
            variable: d.variable,
          })),
        };
      case "SetVariables":
        return {
          setVariableResult: params.setVariableData.map((d: { component: object; variable: object }) => ({
            attributeStatus: "Accepted",
            component: d.component,
            variable: d.variable,
          })),
        };
      case "GetBaseReport":
        return { status: "NotSupported" };
      case "TriggerMessage":
      case "RequestStartTransaction":
      case "RequestStopTransaction":
        return { status: "Rejected" };
      default:
        return { status: "Accepted" };
    }
  }
}
