import type { StationStore, TransactionQueueStore, TransactionStore } from "@chargekit/ocpp";
import type { PaymentStore } from "@chargekit/payments";
import type { ReservationStore } from "@chargekit/reservations";
import { type MigrationReport, migrate } from "./migrations/migrate.js";
import { createPostgresStationCredentials, type PostgresStationCredentials } from "./ocpp/station-credentials.js";
import { createPostgresStationStore } from "./ocpp/station-store.js";
import { createPostgresTransactionQueueStore } from "./ocpp/transaction-queue-store.js";
import { createPostgresTransactionStore } from "./ocpp/transaction-store.js";
import type { PostgresStoreOptions } from "./options.js";
import { createPostgresPaymentStore } from "./payments/payment-store.js";
import { createPostgresReservationStore } from "./reservations/reservation-store.js";

/**
 * Options of {@link openPostgresStorage}.
 *
 * @category Stores
 */
export interface OpenPostgresStorageOptions extends PostgresStoreOptions {
  /** Validate reservation records written and read (see {@link PostgresReservationStoreOptions}); default true. */
  readonly validate?: boolean;
}

/**
 * Every store of this package on one database and schema.
 *
 * @category Stores
 */
export interface PostgresStorage {
  /** What the start-up migration did. */
  readonly migrations: MigrationReport;
  /** The reservation store. */
  readonly reservations: ReservationStore;
  /** The payment store (sessions, outbox, idempotency, audit). */
  readonly payments: PaymentStore;
  /** Station passwords (OCPP Security Profiles 1 and 2). */
  readonly stationCredentials: PostgresStationCredentials;
  /** The CSMS's stations: registration, boot, heartbeat, connector statuses. */
  readonly stations: StationStore;
  /** The CSMS's transactions with their meter samples and applied-message keys. */
  readonly transactions: TransactionStore;
  /** The station-side queue of transaction messages of one station (simulators, gateways). */
  stationQueue(station: string): TransactionQueueStore;
}

/**
 * Brings the schema up to date ({@link migrate}) and builds every store on the client: the one call an application
 * makes at start-up. The client stays the caller's to close.
 *
 * @example
 * ```ts no-run
 * const db = await PGlite.create({ dataDir: "./data", extensions: { btree_gist } }); // or new pg.Pool({ … })
 * const storage = await openPostgresStorage({ client: db });
 * const engine = createReservationEngine({ store: storage.reservations, sites });
 * ```
 * @category Stores
 */
export async function openPostgresStorage(options: OpenPostgresStorageOptions): Promise<PostgresStorage> {
  const migrations = await migrate(options.client, options.schema === undefined ? {} : { schema: options.schema });
  return {
    migrations,
    reservations: createPostgresReservationStore(options),
    payments: createPostgresPaymentStore(options),
    stationCredentials: createPostgresStationCredentials(options),
    stations: createPostgresStationStore(options),
    transactions: createPostgresTransactionStore(options),
    stationQueue: (station) => createPostgresTransactionQueueStore({ ...options, station }),
  };
}
