import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../../test/targets.js";
import { migrate } from "../migrations/migrate.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { createPostgresTransactionQueueStore } from "./transaction-queue-store.js";

describe("station queues on PostgreSQL (PGlite)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    const [pglite] = await targets();
    db = await openTestDatabase(pglite ?? { kind: "pglite" });
    await migrate(db.client);
  }, 60_000);
  afterAll(async () => db.close());

  it("keeps the queues of different stations apart in the shared tables", async () => {
    const a = createPostgresTransactionQueueStore({ client: db.client, station: "CP-A" });
    const b = createPostgresTransactionQueueStore({ client: db.client, station: "CP-B" });
    const message = {
      kind: "start" as const,
      droppable: false,
      action: "StartTransaction",
      payload: { connectorId: 1 },
      transactionRef: "local-1",
      attempts: 0,
      createdAt: Date.UTC(2026, 0, 1),
    };
    const stored = await a.append(message);
    await a.bindTransaction("local-1", 5);
    expect(await b.list()).toEqual([]);
    expect(await b.size()).toBe(0);
    expect(await b.transactionIdOf("local-1")).toBeUndefined();
    await b.remove(stored.id);
    await b.update({ ...stored, attempts: 9 });
    expect(await a.list()).toEqual([stored]);
  });
});
