import type { Migration } from "./migration.js";

/**
 * Station passwords (OCPP Security Profiles 1 and 2): one salted scrypt hash per station identity, never the
 * password.
 *
 * @internal
 */
export const stationCredentialsMigration: Migration = {
  version: 3,
  name: "station-credentials",
  sql: `
CREATE TABLE station_credentials (
  identity   text  PRIMARY KEY,
  hash       jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
};
