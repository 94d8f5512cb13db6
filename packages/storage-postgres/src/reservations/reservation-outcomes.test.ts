import { DriverId, HOUR, IdToken, MINUTE, SiteId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { createReservationEngine, EvseRef } from "@chargekit/reservations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../../test/targets.js";
import { migrate } from "../migrations/migrate.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { reservationOutcomes } from "./reservation-outcomes.js";
import { createPostgresReservationStore } from "./reservation-store.js";

for (const target of await targets()) {
  describe(`reservation outcomes on ${target.kind}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase(target);
      await migrate(db.client);
    }, 60_000);
    afterAll(async () => db.close());

    it("counts each site's ended reservations by how they ended, by window start; live ones are left out", async () => {
      const t0 = Date.UTC(2026, 4, 4, 8);
      const clock = createManualClock(t0);
      const [a, b] = [SiteId.of("site-a"), SiteId.of("site-b")];
      const evse = (ref: string) => ({ ref: EvseRef.of(ref), connectorTypes: ["cType2"], maxPower: 22_000 });
      const engine = createReservationEngine({
        store: createPostgresReservationStore({ client: db.client }),
        clock,
        sites: [
          { site: a, evses: [evse("A1"), evse("A2"), evse("A3")] },
          { site: b, evses: [evse("B1")] },
        ],
      });
      await engine.start();
      const book = async (site: SiteId, ref: string, name: string, startIn: number, confirm = true) => {
        const request = {
          site,
          evse: EvseRef.of(ref),
          driver: DriverId.of(name),
          idToken: IdToken.of(name.toUpperCase()),
          connectorType: "cType2",
          window: { start: t0 + startIn, end: t0 + startIn + HOUR },
        };
        const r = confirm ? await engine.book(request) : await engine.hold(request);
        if (!r.ok) throw new Error(r.error.reason);
        return r.value;
      };
      await book(a, "A1", "used", HOUR);
      await book(a, "A2", "gone", HOUR);
      const cancelled = await book(a, "A3", "changed-mind", HOUR);
      await book(b, "B1", "lapses", 2 * HOUR, false);
      await book(a, "A1", "later", 30 * HOUR); // still live at the end
      await engine.cancel(cancelled.id, { driver: DriverId.of("changed-mind") });
      // advanceAsync only fires the deadlines; on a server their writes take real I/O: wait until they are stored.
      await clock.advanceAsync(HOUR);
      await engine.idle();
      await engine.sessionStarted({ evse: EvseRef.of("A1"), sessionId: "tx-1", idToken: IdToken.of("USED") });
      await clock.advanceAsync(30 * MINUTE); // the no-show timeout of "gone" passes, the hold of "lapses" lapsed
      await engine.idle();
      engine.stop();

      const outcomes = await reservationOutcomes({ client: db.client, from: t0, to: t0 + 48 * HOUR });
      expect(outcomes).toEqual([
        { site: "site-a", used: 1, noShow: 1, cancelled: 1, removed: 0, lapsed: 0 },
        { site: "site-b", used: 0, noShow: 0, cancelled: 0, removed: 0, lapsed: 1 },
      ]);
      expect(await reservationOutcomes({ client: db.client, from: t0 + 3 * HOUR, to: t0 + 48 * HOUR })).toEqual([]);
    });
  });
}
