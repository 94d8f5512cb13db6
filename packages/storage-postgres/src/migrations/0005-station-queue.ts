import type { Migration } from "./migration.js";

/**
 * The station side of OCPP: each station's durable, ordered queue of transaction messages waiting for the CSMS, and
 * the 1.6 transaction ids the CSMS assigned to transactions started offline. Ids come from one identity column, so
 * they only ever increase (a new message never takes a removed one's position).
 *
 * @internal
 */
export const stationQueueMigration: Migration = {
  version: 5,
  name: "station-queue",
  sql: `
CREATE TABLE station_queue (
  station         text    NOT NULL,
  id              bigint  GENERATED ALWAYS AS IDENTITY,
  kind            text    NOT NULL CHECK (kind IN ('start', 'update', 'stop')),
  droppable       boolean NOT NULL,
  action          text    NOT NULL,
  payload         jsonb   NOT NULL,
  transaction_ref text    NOT NULL,
  attempts        integer NOT NULL CHECK (attempts >= 0),
  created_at      bigint  NOT NULL,
  PRIMARY KEY (station, id)
);

CREATE TABLE station_queue_bindings (
  station         text    NOT NULL,
  transaction_ref text    NOT NULL,
  transaction_id  integer NOT NULL,
  PRIMARY KEY (station, transaction_ref)
);
`,
};
