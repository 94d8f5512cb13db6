// Books reservations on a PGlite data directory and reports each commit, then idles until the parent kills it.

import { sampleReservation } from "@chargekit/reservations/testing";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { openPostgresStorage } from "../src/storage.js";

const dataDir = process.env["CRASH_DIR"];
if (dataDir === undefined) throw new Error("CRASH_DIR is not set");
const db = await PGlite.create({ dataDir, extensions: { btree_gist } });
const storage = await openPostgresStorage({ client: db });
for (let id = 1; id <= 20; id++) {
  const result = await storage.reservations.commit({ creates: [sampleReservation({ id, evse: `evse-${id}` })] });
  if (!result.ok) throw new Error(`booking ${id} refused`);
  process.stdout.write(`committed ${id}\n`);
}
setInterval(() => {}, 60_000); // never closes: the parent kills the process
