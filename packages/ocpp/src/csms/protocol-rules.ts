import { V2_TRANSACTION_RULES, type V2TransactionRule } from "../station/v2-transaction-rules.js";

/**
 * The id of one of {@link PROTOCOL_RULES}: a 2.x transaction rule, or a status, transaction, meter or token rule.
 *
 * @category CSMS
 */
export type ProtocolRule =
  | V2TransactionRule
  | "status.v16-transition"
  | "status.v16-connector-zero"
  | "status.v16-warning"
  | "status.v2-transition"
  | "transaction.unknown"
  | "transaction.v16-one-per-connector"
  | "meter.unreadable"
  | "token.invalid";

/**
 * Everything the registry flags as a `protocol:violation` (never rejected: stations in the field break these
 * rules, and their data is kept): the 2.x transaction rules plus status, transaction and meter rules.
 *
 * @category CSMS
 */
export const PROTOCOL_RULES: Readonly<Record<ProtocolRule, string>> = {
  ...V2_TRANSACTION_RULES,
  "status.v16-transition": "a 1.6 status change must be a transition of the 1.6 table (ed.2 §4.9 with errata)",
  "status.v16-connector-zero": "connector 0 may only report Available, Unavailable or Faulted",
  "status.v16-warning": "EVCommunicationError goes only with Preparing, SuspendedEV, SuspendedEVSE or Finishing",
  "status.v2-transition": "a 2.x status change must be one the 1.6 table allows once mapped (no Occupied → Reserved …)",
  "transaction.unknown": "a 1.6 StopTransaction / MeterValues names a transaction the CSMS never assigned",
  "transaction.v16-one-per-connector": "a 1.6 StartTransaction on a connector whose transaction has not stopped",
  "meter.unreadable": "a sampled value could not be read (not a number, a unit that does not fit, a bad timestamp)",
  "token.invalid": "an idTag / idToken that is empty or has control characters",
};
