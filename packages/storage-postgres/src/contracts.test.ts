import {
  describeStationCredentialsContract,
  describeStationStoreContract,
  describeTransactionQueueStoreContract,
  describeTransactionStoreContract,
} from "@chargekit/ocpp/testing";
import { describePaymentStoreContract } from "@chargekit/payments/testing";
import { describeReservationStoreContract } from "@chargekit/reservations/testing";
import { afterAll, beforeAll, describe } from "vitest";
import { targets } from "../test/targets.js";
import { toSqlClient } from "./client/sql-client.js";
import { migrate } from "./migrations/migrate.js";
import { createPostgresStationCredentials } from "./ocpp/station-credentials.js";
import { createPostgresStationStore } from "./ocpp/station-store.js";
import { createPostgresTransactionQueueStore } from "./ocpp/transaction-queue-store.js";
import { createPostgresTransactionStore } from "./ocpp/transaction-store.js";
import { createPostgresPaymentStore } from "./payments/payment-store.js";
import { createPostgresReservationStore } from "./reservations/reservation-store.js";
import { openTestDatabase, type TestDatabase } from "./testing/test-database.js";

for (const target of await targets()) {
  describe(`on ${target.kind}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase(target);
      await migrate(db.client);
    }, 60_000);
    afterAll(async () => db.close());
    const options = { dispose: async () => db.truncate(), timeout: 20_000 };

    describeReservationStoreContract(target.kind, () => createPostgresReservationStore({ client: db.client }), options);
    describePaymentStoreContract(target.kind, () => createPostgresPaymentStore({ client: db.client }), options);
    describeStationCredentialsContract(
      target.kind,
      () => {
        const credentials = createPostgresStationCredentials({ client: db.client });
        return {
          credentials,
          provision: (identity, password) => credentials.setPassword(identity, password),
          dump: async () => {
            const rows = await toSqlClient(db.client).rows("SELECT * FROM chargekit.station_credentials");
            return JSON.stringify(rows);
          },
        };
      },
      options,
    );
    describeStationStoreContract(target.kind, () => createPostgresStationStore({ client: db.client }), options);
    describeTransactionStoreContract(
      target.kind,
      () => ({
        store: createPostgresTransactionStore({ client: db.client }),
        another: () => createPostgresTransactionStore({ client: db.client }),
      }),
      options,
    );
    describeTransactionQueueStoreContract(
      target.kind,
      () => {
        const open = () => createPostgresTransactionQueueStore({ client: db.client, station: "CP-1" });
        return { store: open(), reopen: open };
      },
      options,
    );
  });
}
