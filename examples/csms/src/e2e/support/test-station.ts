import { type Delivery, MessageQueue, type QueuedMessage } from "./message-queue.js";
import { ProfileBook, VOLTS } from "./profile-book.js";
import {
  createPeerClient,
  type InboundCall,
  PEER_OPEN,
  type PeerClient,
  type PeerVersion,
  type StrictFailure,
} from "./rpc-peer.js";

/** Options of a test station. */
export interface TestStationOptions {
  /** The CSMS's OCPP URL without the identity. */
  readonly endpoint: string;
  /** Identity. */
  readonly identity: string;
  /** Basic auth password. */
  readonly password: string;
  /** EVSEs (1.6: connectors), numbered from 1. */
  readonly evses: number;
  /** The station's clock (a manual clock in process, the system clock for a child process). */
  readonly now: () => number;
  /** Reconnect after a dropped connection (default true). */
  readonly reconnect?: boolean;
  /** The EV's own limit, A per phase on 3 phases (default 32). */
  readonly evMaxCurrentA?: number;
}

/** A reservation the CSMS placed on an EVSE with ReserveNow. */
export interface HeldReservation {
  /** Reservation id. */
  readonly id: number;
  /** The token it is for. */
  readonly idTag: string;
}

/** What an EVSE of a test station does. */
export interface EvseModel {
  /** EVSE number. */
  readonly id: number;
  /** The energy register, Wh. */
  meterWh: number;
  /** Power drawn now, W. */
  powerW: number;
  /** The transaction running, as the profiles know it (1.6: the CSMS's id once known; 2.0.1: the station's). */
  transactionKey?: string | undefined;
  /** The reservation the EVSE holds. */
  reservation?: HeldReservation | undefined;
  /** Every power sample reported with the limit in force then, for assertions. */
  readonly samples: { powerW: number; limitW: number | undefined }[];
}

/**
 * What both test stations share: the ocpp-rpc connection (strict mode; every CALL from the CSMS recorded), the
 * transaction message queue, the charging profiles, and the EVSEs' meters, which draw what the profiles allow.
 */
export abstract class TestStation {
  /** The OCPP version. */
  abstract readonly version: PeerVersion;
  /** The peer. */
  readonly client: PeerClient;
  /** Transaction messages, delivered in order and kept while offline. */
  readonly queue: MessageQueue;
  /** Installed charging profiles. */
  readonly profiles = new ProfileBook();
  /** Every CALL the CSMS sent. */
  readonly inbound: InboundCall[] = [];
  /** Frames ocpp-rpc found invalid against the OCPP schemas (either direction). */
  readonly strictFailures: StrictFailure[] = [];
  /** The EVSEs, index 0 is EVSE 1. */
  readonly evses: EvseModel[];
  /** How often the connection was (re)opened. */
  opened = 0;
  protected readonly options: TestStationOptions;
  private readonly inFlight = new Set<Promise<unknown>>();

  protected constructor(options: TestStationOptions, version: PeerVersion) {
    this.options = options;
    this.client = createPeerClient({
      endpoint: options.endpoint,
      identity: options.identity,
      password: options.password,
      version,
      reconnect: options.reconnect ?? true,
    });
    this.queue = new MessageQueue({
      online: () => this.online(),
      call: (action, payload) => this.call(action, payload),
    });
    this.evses = Array.from({ length: options.evses }, (_, i) => ({
      id: i + 1,
      meterWh: 1000 * (i + 1),
      powerW: 0,
      samples: [],
    }));
    this.client.handle((call) => {
      this.inbound.push(call);
      return this.answer(call);
    });
    this.client.on("strictValidationFailure", (failure) => this.strictFailures.push(failure));
    this.client.on("open", () => {
      this.opened++;
      this.queue.pump();
    });
  }

  /** The identity. */
  get identity(): string {
    return this.options.identity;
  }

  /** Whether the connection is open. */
  online(): boolean {
    return this.client.state === PEER_OPEN;
  }

  /** Opens the WebSocket connection (Basic auth with the password). */
  async connect(): Promise<void> {
    await this.client.connect();
  }

  /** Closes the connection for good. */
  async close(): Promise<void> {
    await this.client.close({ force: true });
  }

  /** The EVSE `id`. */
  evse(id: number): EvseModel {
    const evse = this.evses[id - 1];
    if (evse === undefined) throw new Error(`${this.identity} has no EVSE ${id}`);
    return evse;
  }

  /** The CALLs of `method` the CSMS sent. */
  received(method: string): InboundCall[] {
    return this.inbound.filter((c) => c.method === method);
  }

  /** Deliveries of `action` from the queue (repeats included). */
  delivered(action: string): Delivery[] {
    return this.queue.deliveries.filter((d) => d.action === action);
  }

  /** Resolves once every call the station made got its answer and the queue stopped sending. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.queue.drained();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** A Heartbeat: one round trip (the tests use two to know the CSMS read everything sent before). */
  async heartbeat(): Promise<void> {
    await this.call("Heartbeat", {});
  }

  /**
   * The EVs charge for `ms`: each EVSE with a transaction draws what its profiles allow now (its EV takes at most
   * {@link TestStationOptions.evMaxCurrentA} on 3 phases), and its register counts the energy.
   */
  drive(ms: number): void {
    for (const evse of this.evses) {
      if (evse.transactionKey === undefined) {
        evse.powerW = 0;
        continue;
      }
      evse.powerW = this.allowedW(evse);
      evse.meterWh += Math.round((evse.powerW * ms) / 3_600_000);
    }
  }

  /** The power the EV on `evse` may draw now under the profiles, W. */
  allowedW(evse: EvseModel): number {
    const ev = (this.options.evMaxCurrentA ?? 32) * 3 * VOLTS;
    const limit = evse.transactionKey === undefined ? undefined : this.profiles.limitW(evse.id, evse.transactionKey);
    return Math.min(ev, limit ?? ev);
  }

  /** StatusNotification of an EVSE (only when online), in the station's version. */
  abstract status(evseId: number, status: string): void;

  /**
   * Answers a ReserveNow for EVSE `evseId` (each version names the EVSE and the reservation its own way): Rejected
   * for an EVSE the station does not have, Occupied while a transaction runs there, else the EVSE holds it and
   * reports Reserved.
   */
  protected reserveNow(evseId: number, reservation: HeldReservation): { status: string } {
    const evse = this.evses[evseId - 1];
    if (evse === undefined) return { status: "Rejected" };
    if (evse.transactionKey !== undefined) return { status: "Occupied" };
    evse.reservation = reservation;
    setImmediate(() => this.status(evse.id, "Reserved"));
    return { status: "Accepted" };
  }

  /** Answers a CancelReservation: the EVSE holding it frees up (Available); Rejected when none holds it. */
  protected cancelReservation(reservationId: number): { status: string } {
    const evse = this.evses.find((e) => e.reservation?.id === reservationId);
    if (evse === undefined) return { status: "Rejected" };
    evse.reservation = undefined;
    setImmediate(() => this.status(evse.id, "Available"));
    return { status: "Accepted" };
  }

  /** Records a power sample with the limit in force, for the "obeys the profile" assertions. */
  protected noteSample(evse: EvseModel): void {
    const limitW = evse.transactionKey === undefined ? undefined : this.profiles.limitW(evse.id, evse.transactionKey);
    evse.samples.push({ powerW: evse.powerW, limitW });
  }

  /** ISO 8601 of the station's now. */
  protected timestamp(): string {
    return new Date(this.options.now()).toISOString();
  }

  /** A CALL outside the queue (boot, status, authorize); tracked for {@link settled}. */
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
  protected call(action: string, payload: object): Promise<any> {
    const pending = this.client.call(action, payload);
    this.inFlight.add(pending);
    void pending.then(
      () => this.inFlight.delete(pending),
      () => this.inFlight.delete(pending),
    );
    return pending;
  }

  /** A status notification when online (a station sends its current status again after it reconnects). */
  protected notify(action: string, payload: object): void {
    if (!this.online()) return;
    this.call(action, payload).catch(() => {});
  }

  /** Queues a transaction message. */
  protected enqueue(message: QueuedMessage): void {
    this.queue.push(message);
  }

  /** Answers a CALL from the CSMS. */
  protected abstract answer(call: InboundCall): unknown;
}
