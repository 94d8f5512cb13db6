import { ChargekitError } from "@chargekit/core";
import {
  type IdempotencyRecord,
  PAYMENT_STATES,
  type PaymentAuditEvent,
  type PaymentIntent,
  type PaymentSession,
} from "@chargekit/payments";
import type { Row } from "../client/sql-client.js";

const STATES: ReadonlySet<string> = new Set(PAYMENT_STATES);

/** The row values of a session. @internal */
export function sessionParams(session: PaymentSession): unknown[] {
  return [
    session.id,
    session.version,
    session.transactionId ?? null,
    session.wakeAt ?? null,
    session.updatedAt,
    JSON.stringify(session),
  ];
}

/**
 * A stored session, checked against its row (id, version, a known state): a row edited by hand into something else
 * is reported, not handed to the state machine.
 *
 * @internal
 */
export function decodeSession(row: Row, schema: string): PaymentSession {
  const record = row["record"] as Partial<PaymentSession> | null;
  const id = String(row["id"]);
  const problems: string[] = [];
  if (typeof record !== "object" || record === null) problems.push("record is not an object");
  else {
    if (record.id !== id) problems.push(`id ${JSON.stringify(record.id)} differs from the row's`);
    if (record.version !== Number(row["version"])) problems.push(`version ${record.version} differs from the row's`);
    if (typeof record.state !== "string" || !STATES.has(record.state)) problems.push(`unknown state ${record.state}`);
  }
  if (problems.length > 0) {
    throw new ChargekitError(
      "INVALID_INPUT",
      `stored payment session ${id} in schema ${schema} is corrupt: ${problems.join("; ")}`,
      {
        details: { schema, id },
      },
    );
  }
  return record as PaymentSession;
}

const numberOrUndefined = (value: unknown): number | undefined =>
  value === null || value === undefined ? undefined : Number(value);

/** An intent from its row. @internal */
export function decodeIntent(row: Row): PaymentIntent {
  const amount = row["amount"];
  const seq = numberOrUndefined(row["op_seq"]);
  const leaseUntil = numberOrUndefined(row["lease_until"]);
  return {
    key: String(row["key"]),
    sessionId: String(row["session_id"]),
    operation: row["operation"] as PaymentIntent["operation"],
    ...(amount === null || amount === undefined ? {} : { amount: amount as NonNullable<PaymentIntent["amount"]> }),
    ...(seq === undefined ? {} : { seq }),
    status: row["status"] as PaymentIntent["status"],
    attempts: Number(row["attempts"]),
    notBefore: Number(row["not_before"]),
    ...(leaseUntil === undefined ? {} : { lease: { owner: String(row["lease_owner"]), until: leaseUntil } }),
    createdAt: Number(row["created_at"]),
  };
}

/** An idempotency record from its row. @internal */
export function decodeIdempotency(row: Row): IdempotencyRecord {
  return {
    key: String(row["key"]),
    sessionId: String(row["session_id"]),
    response: row["absent"] === true ? undefined : row["response"],
    at: Number(row["at"]),
  };
}

/** An audit event from its row. @internal */
export function decodeAudit(row: Row): PaymentAuditEvent {
  const data = row["data"];
  return {
    sessionId: String(row["session_id"]),
    at: Number(row["at"]),
    version: Number(row["version"]),
    type: String(row["type"]),
    ...(data === null || data === undefined ? {} : { data: data as Readonly<Record<string, unknown>> }),
  };
}
