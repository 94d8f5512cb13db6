import { DriverId, HOUR, MINUTE, SiteId } from "@chargekit/core";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DrReport } from "../balancing/dr-book.js";
import { migrateCsmsSchema } from "./csms-schema.js";
import { createMemoryOperationsStore, type OperationsStore } from "./operations-store.js";
import { createPostgresOperationsStore } from "./postgres-operations-store.js";
import { sqlOf } from "./sql.js";

const t0 = Date.UTC(2026, 4, 4, 8);
const depot = SiteId.of("depot");
const report: DrReport = {
  event: {
    id: "dso-1",
    siteId: depot,
    nodeId: "depot",
    start: t0,
    end: t0 + HOUR,
    signal: { level: 2 },
    direction: "import",
    source: "operator:ops",
    createdAt: t0 - HOUR,
  },
  compliant: true,
  energyShedWh: 1234.5,
  latest: { start: t0 + MINUTE, baseline: 80_000, actual: 50_000, shed: 30_000 },
  samples: [{ start: t0 + MINUTE, baseline: 80_000, actual: 50_000, shed: 30_000 }],
};

function behaves(name: string, make: () => OperationsStore) {
  describe(`operations store (${name})`, () => {
    it("keeps site limits, demand-response reports and queue waits", async () => {
      const store = make();
      const limits = {
        gridLimit: { L1: 100, L2: 100, L3: 90 },
        maxPowerKw: 60,
        nodes: [{ id: "feeder-a", limit: { L1: 50, L2: 50, L3: 50 } }],
      };
      await store.saveSiteLimits(depot, limits, t0);
      await store.saveSiteLimits(depot, { ...limits, maxPowerKw: 70 }, t0 + 1);
      expect(await store.siteLimits()).toEqual(new Map([[depot, { ...limits, maxPowerKw: 70 }]]));

      await store.saveDemandResponse(report);
      await store.saveDemandResponse({ ...report, energyShedWh: 2000 });
      expect(await store.demandResponse(t0)).toEqual([{ ...report, energyShedWh: 2000 }]);
      expect(await store.demandResponse(t0 + 2 * HOUR)).toEqual([]);

      const driver = DriverId.of("d1");
      await store.recordQueueWait({
        siteId: depot,
        driverId: driver,
        joinedAt: t0,
        endedAt: t0 + 10 * MINUTE,
        outcome: "accepted",
      });
      await store.recordQueueWait({
        siteId: depot,
        driverId: driver,
        joinedAt: t0,
        endedAt: t0 + 20 * MINUTE,
        outcome: "accepted",
      });
      await store.recordQueueWait({
        siteId: depot,
        driverId: driver,
        joinedAt: t0,
        endedAt: t0 + 5 * MINUTE,
        outcome: "left",
      });
      await store.recordQueueWait({
        siteId: SiteId.of("other"),
        driverId: driver,
        joinedAt: t0,
        endedAt: t0 + HOUR,
        outcome: "max_snoozes",
      });
      expect(await store.queueWaits(t0, t0 + HOUR)).toEqual([
        { siteId: depot, count: 3, served: 2, averageWaitMs: 15 * MINUTE, maxWaitMs: 20 * MINUTE },
      ]);
    });
  });
}

behaves("memory", createMemoryOperationsStore);

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create({ extensions: { btree_gist } });
  await migrateCsmsSchema(sqlOf(db));
}, 60_000);
afterAll(async () => db.close());
behaves("PGlite", () => createPostgresOperationsStore(sqlOf(db)));
