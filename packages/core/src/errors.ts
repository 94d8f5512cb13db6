/**
 * The error codes every chargekit package shares. Packages with codes of their own pass a wider literal union as
 * the type parameter of {@link ChargekitError}; these stay the common ground.
 *
 * @category Errors
 */
export const CORE_ERROR_CODES = {
  /** An argument broke the documented contract of a function (programmer error). */
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  /** Input from outside (a frame, an HTTP body, a stored record) did not match its schema. */
  INVALID_INPUT: "INVALID_INPUT",
  /** A lookup found nothing where something had to exist. */
  NOT_FOUND: "NOT_FOUND",
  /** A concurrent change or a uniqueness rule prevented the operation. */
  CONFLICT: "CONFLICT",
  /** The operation did not finish in the allowed time. */
  TIMEOUT: "TIMEOUT",
  /** The caller aborted the operation through an `AbortSignal`. */
  ABORTED: "ABORTED",
  /** The peer or resource is not connected or not open. */
  UNAVAILABLE: "UNAVAILABLE",
  /** A bound (queue length, frame size, rate) was exceeded. */
  LIMIT_EXCEEDED: "LIMIT_EXCEEDED",
  /** The feature is not supported by this implementation. */
  UNSUPPORTED: "UNSUPPORTED",
  /** A store or another port failed (broken infrastructure). */
  PORT_FAILURE: "PORT_FAILURE",
  /** An invariant broke: a bug in chargekit or in code it calls. */
  INTERNAL: "INTERNAL",
} as const;

/**
 * A code from {@link CORE_ERROR_CODES}.
 *
 * @category Errors
 */
export type CoreErrorCode = (typeof CORE_ERROR_CODES)[keyof typeof CORE_ERROR_CODES];

/** Brand that survives duplicate copies of this package in one program (see {@link isChargekitError}). */
const BRAND = Symbol.for("@chargekit/core/ChargekitError");

/**
 * Options of a {@link ChargekitError}.
 *
 * @category Errors
 */
export interface ChargekitErrorOptions {
  /** Structured, JSON-friendly facts about the failure (field names, limits, ids). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The underlying error, kept as the ES2022 `cause`. */
  readonly cause?: unknown;
}

/**
 * The one error base of chargekit: a literal `code` to branch on, an optional `details` object and the ES2022
 * `cause`. Thrown for programmer errors and broken infrastructure; expected business outcomes are returned as
 * {@link Result}s instead.
 *
 * @example
 * ```ts
 * throw new ChargekitError("INVALID_ARGUMENT", "interval end 5 is before its start 10", { details: { start: 10, end: 5 } });
 * ```
 * @category Errors
 */
export class ChargekitError<Code extends string = CoreErrorCode> extends Error {
  /** Always `"ChargekitError"`. */
  override readonly name: string = "ChargekitError";
  /** What went wrong, as a literal from a code map. */
  readonly code: Code;
  /** Structured facts about the failure; `{}` when none were given. */
  readonly details: Readonly<Record<string, unknown>>;
  /** @internal */
  readonly [BRAND] = true;

  constructor(code: Code, message: string, options: ChargekitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A plain JSON form for logs and HTTP bodies; the cause is left out. */
  toJSON(): ChargekitErrorJson<Code> {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/**
 * The JSON form of a {@link ChargekitError}.
 *
 * @category Errors
 */
export interface ChargekitErrorJson<Code extends string = string> {
  /** Always `"ChargekitError"`. */
  readonly name: string;
  /** The error code. */
  readonly code: Code;
  /** The human-readable message. */
  readonly message: string;
  /** Structured facts about the failure. */
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * True when `value` is a {@link ChargekitError}, also when it comes from another copy of `@chargekit/core`
 * (where `instanceof` would say false). Pass `code` to also test the code.
 *
 * @category Errors
 */
export function isChargekitError<Code extends string = string>(
  value: unknown,
  code?: Code,
): value is ChargekitError<Code> {
  if (typeof value !== "object" || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) {
    return false;
  }
  return code === undefined || (value as { code?: unknown }).code === code;
}

/**
 * Turns anything thrown into a {@link ChargekitError}: a ChargekitError passes through unchanged; an `Error`
 * becomes the cause of an `INTERNAL` error with the same message; anything else is described in the message.
 *
 * @category Errors
 */
export function toChargekitError(value: unknown, fallbackCode: CoreErrorCode = "INTERNAL"): ChargekitError<string> {
  if (isChargekitError(value)) return value;
  if (value instanceof Error) return new ChargekitError(fallbackCode, value.message, { cause: value });
  return new ChargekitError(fallbackCode, `non-error value thrown: ${describeValue(value)}`, { cause: value });
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
