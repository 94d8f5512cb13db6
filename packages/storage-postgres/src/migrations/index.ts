import { reservationsMigration } from "./0001-reservations.js";
import { paymentsMigration } from "./0002-payments.js";
import { stationCredentialsMigration } from "./0003-station-credentials.js";
import { csmsMigration } from "./0004-csms.js";
import { stationQueueMigration } from "./0005-station-queue.js";
import type { Migration } from "./migration.js";

/**
 * Every migration this version of the package ships, in order. Versions only ever get added.
 *
 * @category Migrations
 */
export const MIGRATIONS: readonly Migration[] = [
  reservationsMigration,
  paymentsMigration,
  stationCredentialsMigration,
  csmsMigration,
  stationQueueMigration,
];
