import type { DriverId, EvseId, Instant, SiteId, StationId, TransactionId } from "@chargekit/core";

/** A cost rounded to money, as stored: currency and decimal texts. */
export interface StoredCost {
  /** ISO 4217 currency. */
  readonly currency: string;
  /** Excluding VAT. */
  readonly exclVat: string;
  /** Including VAT (what the driver pays). */
  readonly inclVat: string;
}

/**
 * The CSMS's record of one charging session (a charge detail record in the making): the station's transaction
 * plus what only the CSMS knows — the site, the driver, the tariff and final cost, the payment session — so that
 * drivers can be shown their own sessions and reports need no scan of meter data.
 */
export interface SessionRecord {
  /** The station. */
  readonly stationId: StationId;
  /** The transaction id. */
  readonly transactionId: TransactionId;
  /** The site the station was on. */
  readonly siteId?: SiteId;
  /** The EVSE. */
  readonly evseId?: EvseId;
  /** The driver behind the token. */
  readonly driverId?: DriverId;
  /** The matching key of the token that started it. */
  readonly tokenKey?: string;
  /** Start. */
  readonly startedAt: Instant;
  /** End, once ended. */
  readonly endedAt?: Instant;
  /** Energy delivered (final once ended), Wh. */
  readonly energyWh: number;
  /** Why it ended. */
  readonly stoppedReason?: string;
  /** The tariff it is priced with. */
  readonly tariffId?: string;
  /** The final cost, once priced. */
  readonly cost?: StoredCost;
  /** The payment session paying for it, when a hold was placed. */
  readonly paymentSessionId?: string;
  /** What was captured (decimal text in the cost's currency), once captured. */
  readonly captured?: string;
  /** Priced and its payment finalized (or nothing to price or pay). */
  readonly settled: boolean;
}

/** How a session's energy splits over the days of its site's time zone. */
export interface DailyEnergy {
  /** Local date `YYYY-MM-DD`. */
  readonly day: string;
  /** Energy delivered that day, Wh. */
  readonly energyWh: number;
}

/** A query of {@link SessionStore.list}. */
export interface SessionQuery {
  /** Only this driver's. */
  readonly driverId?: DriverId;
  /** Only this station's. */
  readonly stationId?: StationId;
  /** Only this site's. */
  readonly siteId?: SiteId;
  /** Only running (true) or only ended (false). */
  readonly active?: boolean;
  /** Started at or after. */
  readonly from?: Instant;
  /** Started before. */
  readonly to?: Instant;
  /** At most this many, newest start first (default 100). */
  readonly limit?: number;
  /** Skip this many (paging). */
  readonly offset?: number;
}

/** Where session records live. Every write is idempotent: replaying a message's effect changes nothing. */
export interface SessionStore {
  /** Records a start unless the session is known; returns the stored record. */
  recordStart(record: SessionRecord): Promise<SessionRecord>;
  /** Fills in the driver and token when they became known later (late authorization). */
  recordToken(stationId: StationId, transactionId: TransactionId, tokenKey: string, driverId?: DriverId): Promise<void>;
  /** Records the end and the energy per local day (replacing any split recorded before). */
  recordEnd(
    stationId: StationId,
    transactionId: TransactionId,
    end: {
      readonly endedAt: Instant;
      readonly energyWh: number;
      readonly stoppedReason?: string;
      readonly days: readonly DailyEnergy[];
    },
  ): Promise<void>;
  /** Links the payment session. */
  recordPayment(stationId: StationId, transactionId: TransactionId, paymentSessionId: string): Promise<void>;
  /** Records the final cost and its tariff. */
  recordCost(stationId: StationId, transactionId: TransactionId, tariffId: string, cost: StoredCost): Promise<void>;
  /** Marks a session settled: priced and its payment finalized (or nothing to price or pay). */
  recordSettled(stationId: StationId, transactionId: TransactionId): Promise<void>;
  /** Records what was captured for a payment session. */
  recordCapture(paymentSessionId: string, amount: string): Promise<void>;
  /** One session. */
  get(stationId: StationId, transactionId: TransactionId): Promise<SessionRecord | undefined>;
  /** Sessions matching `query`, newest start first. */
  list(query?: SessionQuery): Promise<SessionRecord[]>;
  /** Running sessions of a token (for `ConcurrentTx`). */
  activeOfToken(tokenKey: string): Promise<SessionRecord[]>;
  /** Sessions not settled yet, running or ended, oldest first (to resume after a restart). */
  unsettled(limit?: number): Promise<SessionRecord[]>;
}
