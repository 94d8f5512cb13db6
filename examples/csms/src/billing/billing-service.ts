import type { SiteId, StationId, TransactionId } from "@chargekit/core";
import type { Tariff } from "@chargekit/payments";
import type { CostView } from "../wiring/events.js";

/**
 * Prices sessions with their site's tariff: the running cost while a session runs (from the registry's meter
 * values), the final cost when it ends, and the payment flow around it (hold on start, running cost reported to the
 * payment service, capture or void on stop).
 */
export interface BillingService {
  /** The tariff of a site (its `tariffId`), if it has one. */
  tariffOf(siteId: SiteId | undefined): Tariff | undefined;
  /** The latest running cost of a running session, if it is priced. */
  runningCost(stationId: StationId, transactionId: TransactionId): CostView | undefined;
}
