import type { Migration } from "./migration.js";

/**
 * Reservations: one row per reservation with its record as `jsonb`, the columns the rules need, and the exclusion
 * constraint that makes a double booking impossible whoever writes: no two live rows of one site and assigned EVSE
 * with overlapping half-open occupancy (`int8range` of epoch ms, `[)` bounds, so touching is fine). It is
 * `DEFERRABLE INITIALLY DEFERRED`: checked on the state after the whole transaction (two holds may swap EVSEs).
 *
 * @internal
 */
export const reservationsMigration: Migration = {
  version: 1,
  name: "reservations",
  sql: `
CREATE SEQUENCE reservation_ids AS integer START WITH 1 MINVALUE 1 NO CYCLE;

CREATE TABLE reservations (
  id            integer PRIMARY KEY CHECK (id >= 1),
  version       integer NOT NULL CHECK (version >= 1),
  site          text    NOT NULL,
  assigned_evse text    NOT NULL,
  driver        text    NOT NULL,
  status        text    NOT NULL CHECK (status IN
                  ('held', 'confirmed', 'active', 'used', 'expired', 'no_show', 'cancelled', 'removed')),
  occupancy     int8range NOT NULL CHECK (NOT isempty(occupancy)),
  window_start  bigint  NOT NULL,
  window_end    bigint  NOT NULL,
  record        jsonb   NOT NULL,
  CONSTRAINT reservations_no_double_booking
    EXCLUDE USING gist (site WITH =, assigned_evse WITH =, occupancy WITH &&)
    WHERE (status IN ('held', 'confirmed', 'active'))
    DEFERRABLE INITIALLY DEFERRED
);

CREATE INDEX reservations_live_by_start ON reservations (lower(occupancy), id)
  WHERE status IN ('held', 'confirmed', 'active');
CREATE INDEX reservations_live_by_driver ON reservations (driver)
  WHERE status IN ('held', 'confirmed', 'active');
CREATE INDEX reservations_history ON reservations (driver, window_start DESC, id DESC);
`,
};
