import { isChargekitError, StationId } from "@chargekit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../../test/targets.js";
import { migrate } from "../migrations/migrate.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { createPostgresStationStore } from "./station-store.js";

for (const target of await targets()) {
  describe(`PostgreSQL station store on ${target.kind}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase(target);
      await migrate(db.client);
    }, 60_000);
    afterAll(async () => db.close());

    it("refuses text PostgreSQL cannot hold (a NUL in a boot field) as INVALID_INPUT, storing nothing", async () => {
      const store = createPostgresStationStore({ client: db.client });
      const cp = StationId.of("CP-NUL");
      const error = await store
        .recordBoot(cp, {
          version: "ocpp1.6",
          boot: { vendor: "ACME\u0000", model: "X1" },
          registration: "Accepted",
          at: Date.UTC(2026, 0, 1),
        })
        .catch((e: unknown) => e);
      expect(isChargekitError(error, "INVALID_INPUT")).toBe(true);
      expect(String((error as Error).message)).toContain(
        "StationStore.recordBoot (key CP-NUL): a value contains a NUL character",
      );
      expect(await store.get(cp)).toBeUndefined();
    });
  });
}
