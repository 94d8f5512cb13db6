/**
 * The CSMS tables of reservations, queues and load management, as migrations of the CSMS schema (versions from
 * 101 on, so they never collide with the core CSMS migrations numbered from 1).
 */
export function operationsMigrations(schema: string): { version: number; name: string; sql: string }[] {
  return [
    {
      version: 101,
      name: "site limits, demand response, queue waits",
      sql: `
CREATE TABLE ${schema}.site_limits (
  site_id     text PRIMARY KEY,
  limits      jsonb NOT NULL,
  updated_at  bigint NOT NULL
);
CREATE TABLE ${schema}.demand_response (
  id          text PRIMARY KEY,
  site_id     text NOT NULL,
  ends_at     bigint NOT NULL,
  report      jsonb NOT NULL
);
CREATE INDEX demand_response_end ON ${schema}.demand_response (ends_at);
CREATE TABLE ${schema}.queue_waits (
  id          bigserial PRIMARY KEY,
  site_id     text NOT NULL,
  driver_id   text NOT NULL,
  joined_at   bigint NOT NULL,
  ended_at    bigint NOT NULL,
  outcome     text NOT NULL CHECK (outcome IN ('accepted', 'left', 'max_snoozes'))
);
CREATE INDEX queue_waits_end ON ${schema}.queue_waits (ended_at, site_id);
`,
    },
  ];
}
