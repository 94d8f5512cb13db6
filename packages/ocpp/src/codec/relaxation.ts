/**
 * What a per-station {@link RelaxationPolicy} can tolerate from (or for) a non-compliant charger.
 *
 * @category Relaxation
 */
export const RELAXATIONS = {
  /** Strings longer than the schema's `maxLength` (e.g. an over-long `idTag` or vendor string). */
  stringTooLong: "stringTooLong",
  /** String values outside the schema's enum (e.g. 1.6 errorCode `"Error"`, unit `"Hz"`). */
  unknownEnumValue: "unknownEnumValue",
  /** `null` for an optional property; the property is then treated as absent. */
  nullValue: "nullValue",
  /** A CALLERROR without its `errorDetails` element: `[4, id, code, description]`; details become `{}`. */
  fourElementCallError: "fourElementCallError",
  /** Empty (or whitespace-only) text frames, which some chargers send as a keepalive; they are ignored. */
  emptyFrame: "emptyFrame",
} as const;

/**
 * A relaxation from {@link RELAXATIONS}.
 *
 * @category Relaxation
 */
export type Relaxation = (typeof RELAXATIONS)[keyof typeof RELAXATIONS];

/**
 * Which way a message travels, seen from this endpoint.
 *
 * @category Relaxation
 */
export type Direction = "inbound" | "outbound";

/**
 * One rule of a {@link RelaxationPolicy}: the relaxations it allows, for which actions (all when omitted) and in
 * which direction (`inbound` when omitted: what we accept from the station).
 *
 * @category Relaxation
 */
export interface RelaxationRule {
  /** What to tolerate. */
  readonly relax: readonly Relaxation[];
  /** Only for these actions (CALL, CALLRESULT and CALLERROR of them); all actions when omitted. */
  readonly actions?: readonly string[];
  /** `inbound` (default), `outbound` or `both`. */
  readonly direction?: Direction | "both";
}

/**
 * The deviations tolerated for one station. The default is {@link STRICT}: nothing is tolerated. Every relaxation
 * that is used emits a `relaxation:applied` event naming the station, action and violation.
 *
 * @example
 * ```ts
 * const policy: RelaxationPolicy = {
 *   rules: [
 *     { relax: ["unknownEnumValue"], actions: ["StatusNotification"] },
 *     { relax: ["fourElementCallError", "emptyFrame"] },
 *   ],
 * };
 * ```
 * @category Relaxation
 */
export interface RelaxationPolicy {
  /** The rules; a relaxation applies when any rule allows it. */
  readonly rules: readonly RelaxationRule[];
}

/**
 * The strict policy: every violation is answered as the specification says.
 *
 * @category Relaxation
 */
export const STRICT: RelaxationPolicy = { rules: [] };

/**
 * True when `policy` allows `relaxation` for `action` (undefined when the action is not known, e.g. for an empty
 * frame) in `direction`.
 *
 * @category Relaxation
 */
export function allows(
  policy: RelaxationPolicy,
  relaxation: Relaxation,
  action: string | undefined,
  direction: Direction,
): boolean {
  for (const rule of policy.rules) {
    if (!rule.relax.includes(relaxation)) continue;
    const dir = rule.direction ?? "inbound";
    if (dir !== "both" && dir !== direction) continue;
    if (rule.actions !== undefined && (action === undefined || !rule.actions.includes(action))) continue;
    return true;
  }
  return false;
}
