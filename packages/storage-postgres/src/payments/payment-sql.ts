/** The SQL of the payment store for one (already quoted) schema. @internal */
export function paymentSql(schema: string) {
  const sessions = `${schema}.payment_sessions`;
  const intents = `${schema}.payment_intents`;
  const idempotency = `${schema}.payment_idempotency`;
  const audit = `${schema}.payment_audit`;
  const intentColumns =
    "key, session_id, operation, amount, op_seq, status, attempts, not_before, lease_owner, lease_until, created_at";
  return {
    createSession: `INSERT INTO ${sessions} (id, version, transaction_id, wake_at, updated_at, record)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
    /** Compare-and-set: only a row still at the expected version changes. */
    updateSession: `UPDATE ${sessions} SET version = $2, transaction_id = $3, wake_at = $4, updated_at = $5,
  record = $6::jsonb WHERE id = $1 AND version = $7 RETURNING id`,
    sessionExists: `SELECT 1 FROM ${sessions} WHERE id = $1`,
    getSession: `SELECT id, version, record FROM ${sessions} WHERE id = $1`,
    byTransaction: `SELECT id, version, record FROM ${sessions} WHERE transaction_id = $1
  ORDER BY updated_at DESC, created_seq DESC LIMIT 1`,
    dueSessions: `SELECT id, version, record FROM ${sessions} WHERE wake_at <= $1
  ORDER BY wake_at, created_seq LIMIT $2`,
    /** New intents in the given order; a key that exists already is skipped (and so missing from the result). */
    addIntents: `INSERT INTO ${intents} (${intentColumns})
  SELECT i->>'key', i->>'sessionId', i->>'operation', i->'amount', (i->>'seq')::int4, i->>'status',
    (i->>'attempts')::int4, (i->>'notBefore')::int8, i#>>'{lease,owner}', (i#>>'{lease,until}')::int8,
    (i->>'createdAt')::int8
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(i, n) ORDER BY n
  ON CONFLICT (key) DO NOTHING RETURNING key`,
    completeIntents: `UPDATE ${intents} SET status = 'done', lease_owner = NULL, lease_until = NULL
  WHERE key = ANY($1::text[]) AND status = 'pending'`,
    getIntent: `SELECT ${intentColumns} FROM ${intents} WHERE key = $1`,
    intentsOf: `SELECT ${intentColumns} FROM ${intents} WHERE session_id = $1 ORDER BY seq`,
    /** The lease goes to `$2` only if nobody else holds one still running at `$4`. */
    claimIntent: `UPDATE ${intents} SET lease_owner = $2, lease_until = $3
  WHERE key = $1 AND status = 'pending' AND (lease_until IS NULL OR lease_until <= $4 OR lease_owner = $2)
  RETURNING ${intentColumns}`,
    releaseIntent: `UPDATE ${intents} SET attempts = attempts + 1, not_before = $3, lease_owner = NULL,
  lease_until = NULL WHERE key = $1 AND status = 'pending' AND lease_owner = $2`,
    pendingIntents: `SELECT ${intentColumns} FROM ${intents}
  WHERE status = 'pending' AND not_before <= $1 AND (lease_until IS NULL OR lease_until <= $1)
  ORDER BY created_at, seq LIMIT $2`,
    addIdempotency: `INSERT INTO ${idempotency} (key, session_id, response, at)
  SELECT r->>'key', r->>'sessionId', CASE WHEN r ? 'response' THEN r->'response' END, (r->>'at')::int8
  FROM jsonb_array_elements($1::jsonb) AS x(r)
  ON CONFLICT (key) DO NOTHING RETURNING key`,
    getIdempotency: `SELECT key, session_id, response, response IS NULL AS absent, at FROM ${idempotency}
  WHERE key = $1`,
    addAudit: `INSERT INTO ${audit} (session_id, at, version, type, data)
  SELECT e->>'sessionId', (e->>'at')::int8, (e->>'version')::int4, e->>'type', e->'data'
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
    auditTrail: `SELECT session_id, at, version, type, data FROM ${audit} WHERE session_id = $1 ORDER BY seq`,
  };
}
