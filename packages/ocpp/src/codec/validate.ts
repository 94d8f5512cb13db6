import { actionEntry } from "../schema/registry.js";
import type { OcppVersion } from "../schema/versions.js";
import { describeViolation, type Violation, type ViolationKind } from "../validation/violation.js";
import { errorCodeForProblem, errorCodeForViolation, type RpcErrorCode } from "./error-codes.js";
import { allows, type Direction, type Relaxation, type RelaxationPolicy, STRICT } from "./relaxation.js";

/**
 * A violation that the station's relaxation policy tolerated.
 *
 * @category Validation
 */
export interface AppliedRelaxation {
  /** The relaxation that allowed it. */
  readonly relaxation: Relaxation;
  /** The violation itself. */
  readonly violation: Violation;
}

/**
 * Outcome of {@link validatePayload}.
 *
 * @category Validation
 */
export type PayloadCheck =
  | {
      /** The payload is valid (possibly thanks to relaxations). */
      readonly ok: true;
      /** The violations tolerated by the policy (empty for a fully valid payload). */
      readonly relaxed: readonly AppliedRelaxation[];
    }
  | PayloadInvalid;

/**
 * The outcome of a payload check that failed: what was wrong and how the RPC layer answers it.
 *
 * @category Validation
 */
export interface PayloadInvalid {
  /** The payload is invalid. */
  readonly ok: false;
  /** Every violation found (none for an unknown action). */
  readonly violations: readonly Violation[];
  /** The RPC error code that answers it in this version. */
  readonly code: RpcErrorCode;
  /** A short human description (the first few violations). */
  readonly description: string;
}

/**
 * Options of {@link validatePayload}.
 *
 * @category Validation
 */
export interface ValidateOptions {
  /** Deviations to tolerate; {@link STRICT} when omitted. */
  readonly policy?: RelaxationPolicy;
  /** Whether the payload was received (`inbound`, default) or is about to be sent. */
  readonly direction?: Direction;
}

const RELAXABLE: Partial<Record<ViolationKind, Relaxation>> = {
  maxLength: "stringTooLong",
  enum: "unknownEnumValue",
  nullValue: "nullValue",
};

const OK_STRICT: PayloadCheck = { ok: true, relaxed: [] };

/**
 * Validates a payload against the (fixed) OCA schema of `action` in `version`: `kind` is `request` for a CALL or
 * SEND payload and `response` for a CALLRESULT payload. Tolerated violations are reported in `relaxed`; a `null`
 * optional property that is relaxed is removed from `payload`.
 *
 * @example
 * ```ts
 * const check = validatePayload("ocpp1.6", "Heartbeat", "request", {});
 * if (!check.ok) console.log(check.code, check.description);
 * ```
 * @category Validation
 */
export function validatePayload(
  version: OcppVersion,
  action: string,
  kind: "request" | "response",
  payload: unknown,
  options?: ValidateOptions,
): PayloadCheck {
  const entry = actionEntry(version, action);
  const message = entry === undefined ? undefined : kind === "request" ? entry.request : entry.response;
  if (message === undefined) {
    return {
      ok: false,
      violations: [],
      code: errorCodeForProblem(version, "unknownAction"),
      description: `${version} has no ${kind} message for action ${JSON.stringify(action)}`,
    };
  }
  if (message.validate(payload, undefined, "")) return OK_STRICT;
  const violations: Violation[] = [];
  message.validate(payload, violations, "");
  const policy = options?.policy ?? STRICT;
  const direction = options?.direction ?? "inbound";
  const relaxed: AppliedRelaxation[] = [];
  const remaining: Violation[] = [];
  for (const v of violations) {
    const relaxation = RELAXABLE[v.kind];
    if (relaxation !== undefined && allows(policy, relaxation, action, direction))
      relaxed.push({ relaxation, violation: v });
    else remaining.push(v);
  }
  if (remaining.length === 0) {
    for (const r of relaxed) r.violation.drop?.();
    return { ok: true, relaxed };
  }
  const [first] = remaining;
  const shown = remaining.slice(0, 3).map(describeViolation).join("; ");
  return {
    ok: false,
    violations: remaining,
    code: first === undefined ? "FormatViolation" : errorCodeForViolation(version, first.kind),
    description: `${action} ${kind}: ${shown}${remaining.length > 3 ? `; and ${remaining.length - 3} more` : ""}`,
  };
}
