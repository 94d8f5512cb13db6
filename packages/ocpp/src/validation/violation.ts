/**
 * The kinds of schema violation the generated validators report. Each maps to an OCPP RPC error code per version
 * (see `errorCodeForViolation`), and some can be relaxed per station (see `RelaxationPolicy`).
 *
 * @category Validation
 */
export const VIOLATION_KINDS = {
  /** A value of the wrong JSON type (a number where a string belongs, a float for an integer, …). */
  type: "type",
  /** A required property is missing. */
  required: "required",
  /** A property the schema does not declare (where it forbids extra properties). */
  additionalProperty: "additionalProperty",
  /** A string longer than the schema's `maxLength` (counted in Unicode code points). */
  maxLength: "maxLength",
  /** A string outside the schema's `enum`. */
  enum: "enum",
  /** A string that is not a valid `date-time` or `uri`. */
  format: "format",
  /** A number below `minimum`. */
  minimum: "minimum",
  /** A number above `maximum`. */
  maximum: "maximum",
  /** A number that is not a multiple of `multipleOf` (within a small tolerance for binary floats). */
  multipleOf: "multipleOf",
  /** An array shorter than `minItems`. */
  minItems: "minItems",
  /** An array longer than `maxItems`. */
  maxItems: "maxItems",
  /** `null` where an optional property should simply be absent (OCPP 2.x §4.1.5 forbids it). */
  nullValue: "nullValue",
} as const;

/**
 * A kind from {@link VIOLATION_KINDS}.
 *
 * @category Validation
 */
export type ViolationKind = (typeof VIOLATION_KINDS)[keyof typeof VIOLATION_KINDS];

/**
 * One schema violation found in a payload.
 *
 * @category Validation
 */
export interface Violation {
  /** What is wrong. */
  readonly kind: ViolationKind;
  /** JSON pointer of the offending value inside the payload (`""` is the payload itself). */
  readonly path: string;
  /** What the schema wanted: a type name, a limit, the allowed values or the format name. */
  readonly expected: unknown;
  /** For `nullValue`: removes the `null` property from its object (used when the violation is relaxed). @internal */
  readonly drop?: () => void;
}

/**
 * A one-line human description of a violation, e.g. `/idTag: longer than 20 characters`.
 *
 * @category Validation
 */
export function describeViolation(v: Violation): string {
  const at = v.path === "" ? "payload" : v.path;
  switch (v.kind) {
    case "type":
      return `${at}: must be ${article(String(v.expected))}`;
    case "required":
      return `${at}: required property missing`;
    case "additionalProperty":
      return `${at}: property not allowed`;
    case "maxLength":
      return `${at}: longer than ${String(v.expected)} characters`;
    case "enum": {
      const values = Array.isArray(v.expected) ? v.expected : [];
      const shown = values.slice(0, 8).map((x) => JSON.stringify(x));
      return `${at}: must be one of ${shown.join(", ")}${values.length > 8 ? ", …" : ""}`;
    }
    case "format":
      return `${at}: must be a valid ${String(v.expected)}`;
    case "minimum":
      return `${at}: must be at least ${String(v.expected)}`;
    case "maximum":
      return `${at}: must be at most ${String(v.expected)}`;
    case "multipleOf":
      return `${at}: must be a multiple of ${String(v.expected)}`;
    case "minItems":
      return `${at}: must have at least ${String(v.expected)} entries`;
    case "maxItems":
      return `${at}: must have at most ${String(v.expected)} entries`;
    case "nullValue":
      return `${at}: null is not allowed (omit the property instead)`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
