import type { Migration } from "./migration.js";

/**
 * Payments: sessions (record as `jsonb`, compare-and-set on `version`), the outbox of provider operations (intents,
 * unique idempotency key, lease columns for exactly one worker), inbound idempotency records (unique command key)
 * and the append-only audit trail.
 *
 * @internal
 */
export const paymentsMigration: Migration = {
  version: 2,
  name: "payments",
  sql: `
CREATE TABLE payment_sessions (
  id             text    PRIMARY KEY,
  version        integer NOT NULL CHECK (version >= 1),
  transaction_id text,
  wake_at        bigint,
  updated_at     bigint  NOT NULL,
  created_seq    bigint  GENERATED ALWAYS AS IDENTITY,
  record         jsonb   NOT NULL
);
CREATE INDEX payment_sessions_by_transaction ON payment_sessions (transaction_id, updated_at DESC)
  WHERE transaction_id IS NOT NULL;
CREATE INDEX payment_sessions_due ON payment_sessions (wake_at, created_seq) WHERE wake_at IS NOT NULL;

CREATE TABLE payment_intents (
  key         text    PRIMARY KEY,
  seq         bigint  GENERATED ALWAYS AS IDENTITY,
  session_id  text    NOT NULL,
  operation   text    NOT NULL CHECK (operation IN ('authorize', 'increment', 'capture', 'void', 'refund')),
  amount      jsonb,
  op_seq      integer,
  status      text    NOT NULL CHECK (status IN ('pending', 'done')),
  attempts    integer NOT NULL CHECK (attempts >= 0),
  not_before  bigint  NOT NULL,
  lease_owner text,
  lease_until bigint,
  created_at  bigint  NOT NULL,
  CHECK ((lease_owner IS NULL) = (lease_until IS NULL))
);
CREATE INDEX payment_intents_of_session ON payment_intents (session_id, seq);
CREATE INDEX payment_intents_pending ON payment_intents (created_at, seq) WHERE status = 'pending';

CREATE TABLE payment_idempotency (
  key        text   PRIMARY KEY,
  session_id text   NOT NULL,
  response   jsonb,
  at         bigint NOT NULL
);

CREATE TABLE payment_audit (
  seq        bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id text    NOT NULL,
  at         bigint  NOT NULL,
  version    integer NOT NULL,
  type       text    NOT NULL,
  data       jsonb
);
CREATE INDEX payment_audit_of_session ON payment_audit (session_id, seq);
`,
};
