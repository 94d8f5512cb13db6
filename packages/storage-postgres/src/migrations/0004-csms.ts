import type { Migration } from "./migration.js";

/**
 * The CSMS side of OCPP: stations (registration, boot, heartbeat) with the last status of each connector, and
 * transactions with the keys of every applied message (a replay is found by its key), their meter samples (a
 * sample is stored once) and the 1.6 start keys with the integer ids handed out for them.
 *
 * @internal
 */
export const csmsMigration: Migration = {
  version: 4,
  name: "csms",
  sql: `
CREATE TABLE stations (
  id                text PRIMARY KEY,
  version           text,
  registration      text,
  boot              jsonb,
  booted_at         bigint,
  last_heartbeat_at bigint
);

CREATE TABLE station_connectors (
  station_id   text    NOT NULL REFERENCES stations (id),
  evse_id      integer NOT NULL,
  connector_id integer NOT NULL,
  since        bigint  NOT NULL,
  view         jsonb   NOT NULL,
  PRIMARY KEY (station_id, evse_id, connector_id)
);

CREATE SEQUENCE v16_transaction_ids AS integer START WITH 1 MINVALUE 1 NO CYCLE;

CREATE TABLE transactions (
  station_id     text    NOT NULL,
  transaction_id text    NOT NULL,
  started_at     bigint  NOT NULL,
  ended          boolean NOT NULL,
  record         jsonb   NOT NULL,
  PRIMARY KEY (station_id, transaction_id)
);
CREATE INDEX transactions_newest ON transactions (started_at DESC, transaction_id COLLATE "C" DESC);
CREATE INDEX transactions_of_station ON transactions (station_id, started_at DESC);

CREATE TABLE transaction_messages (
  station_id     text NOT NULL,
  transaction_id text NOT NULL,
  key            text NOT NULL,
  PRIMARY KEY (station_id, transaction_id, key)
);

CREATE TABLE transaction_samples (
  station_id     text   NOT NULL,
  transaction_id text   NOT NULL,
  sample_key     text   NOT NULL,
  seq            bigint GENERATED ALWAYS AS IDENTITY,
  at             bigint NOT NULL,
  sample         jsonb  NOT NULL,
  PRIMARY KEY (station_id, transaction_id, sample_key)
);

CREATE TABLE v16_starts (
  station_id     text NOT NULL,
  start_key      text NOT NULL,
  transaction_id text NOT NULL,
  PRIMARY KEY (station_id, start_key)
);
`,
};
