import type { Instant } from "@chargekit/core";
import { DEFAULT_SCHEMA, quoteSchema } from "../client/identifiers.js";
import { toSqlClient } from "../client/sql-client.js";
import { guard } from "../client/sql-errors.js";
import type { PostgresStoreOptions } from "../options.js";

/**
 * How the reservations of one site whose window started in a period ended: the counts reports need (a no-show
 * rate is `noShow / (used + noShow)`). Reservations still live are not counted.
 *
 * @category Reports
 */
export interface SiteReservationOutcomes {
  /** The site. */
  readonly site: string;
  /** A matching token started charging. */
  readonly used: number;
  /** The driver did not come: ended `no_show`, or expired unused at the end of the window (`window_passed`). */
  readonly noShow: number;
  /** Cancelled by the driver or the operator. */
  readonly cancelled: number;
  /** Removed because the charger (or every eligible one) became unusable. */
  readonly removed: number;
  /** Held but never confirmed within the hold time. */
  readonly lapsed: number;
}

/**
 * Counts the ended reservations per site whose window started in `[from, to)`, by how they ended, from the
 * `reservations` table of a migrated database. A read for reports; it takes no lock.
 *
 * @example
 * ```ts no-run
 * const [depot] = await reservationOutcomes({ client: pool, from: monthStart, to: monthEnd });
 * const noShowRate = depot.noShow / (depot.used + depot.noShow);
 * ```
 * @category Reports
 */
export async function reservationOutcomes(
  options: PostgresStoreOptions & {
    /** First window start counted. */
    readonly from: Instant;
    /** Window starts before this are counted. */
    readonly to: Instant;
  },
): Promise<SiteReservationOutcomes[]> {
  const schema = quoteSchema(options.schema ?? DEFAULT_SCHEMA);
  const sql = toSqlClient(options.client);
  return guard({ port: "ReservationStore", operation: "reservationOutcomes" }, async () => {
    const rows = await sql.rows(
      `SELECT site, record->'ending'->>'reason' AS reason, count(*) AS n
       FROM ${schema}.reservations
       WHERE status NOT IN ('held', 'confirmed', 'active') AND window_start >= $1 AND window_start < $2
       GROUP BY site, reason ORDER BY site`,
      [options.from, options.to],
    );
    const bySite = new Map<
      string,
      { used: number; noShow: number; cancelled: number; removed: number; lapsed: number }
    >();
    for (const row of rows) {
      const site = String(row["site"]);
      const counts = bySite.get(site) ?? { used: 0, noShow: 0, cancelled: 0, removed: 0, lapsed: 0 };
      const n = Number(row["n"]);
      switch (row["reason"]) {
        case "used":
          counts.used += n;
          break;
        case "no_show":
        case "window_passed":
          counts.noShow += n;
          break;
        case "cancelled_by_driver":
        case "cancelled_by_operator":
          counts.cancelled += n;
          break;
        case "hold_lapsed":
          counts.lapsed += n;
          break;
        default:
          counts.removed += n;
      }
      bySite.set(site, counts);
    }
    return [...bySite.entries()].map(([site, counts]) => ({ site, ...counts }));
  });
}
