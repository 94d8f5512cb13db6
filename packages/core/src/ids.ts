import { z } from "zod";
import { ChargekitError } from "./errors.js";
import { err, ok, type Result } from "./result.js";

declare const brandTag: unique symbol;

/**
 * A nominal ("branded") type: a `T` that only a validating constructor hands out, so a connector id cannot be
 * passed where an EVSE id is expected.
 *
 * @category Ids
 */
export type Brand<T, B extends string> = T & {
  /** Compile-time marker only; no such property exists at run time. */
  readonly [brandTag]: B;
};

/**
 * The validating constructors of one kind of id.
 *
 * @category Ids
 */
export interface IdKind<T> {
  /** Human name used in error messages, e.g. `"station identity"`. */
  readonly label: string;
  /** The zod schema, for composing into larger schemas (HTTP bodies, stored records). */
  readonly schema: z.ZodType<T, unknown>;
  /** Validates `value`; the failure names the id kind, the value and what is wrong with it. */
  parse(value: unknown): Result<T, ChargekitError>;
  /** Like {@link IdKind.parse} but throws the `INVALID_INPUT` {@link ChargekitError}. */
  of(value: unknown): T;
  /** Type guard: true when `value` is a valid id of this kind. */
  is(value: unknown): value is T;
}

/**
 * Builds the {@link IdKind} constructors for a branded id from a zod schema.
 *
 * @example
 * ```ts
 * type SiteCode = Brand<string, "SiteCode">;
 * const SiteCode = defineId<SiteCode>("site code", z.string().regex(/^[A-Z]{3}$/));
 * SiteCode.of("AMS");
 * ```
 * @category Ids
 */
export function defineId<T>(label: string, schema: z.ZodType<unknown, unknown>): IdKind<T> {
  const typed = schema as z.ZodType<T, unknown>;
  const parse = (value: unknown): Result<T, ChargekitError> => {
    const result = typed.safeParse(value);
    if (result.success) return ok(result.data);
    const reasons = result.error.issues.map((issue) => issue.message).join("; ");
    return err(
      new ChargekitError("INVALID_INPUT", `invalid ${label} ${describe(value)}: ${reasons}`, {
        details: { kind: label, value: safeDetail(value), issues: result.error.issues.map((i) => i.message) },
      }),
    );
  };
  return {
    label,
    schema: typed,
    parse,
    of(value) {
      const result = parse(value);
      if (!result.ok) throw result.error;
      return result.value;
    },
    is: (value): value is T => typed.safeParse(value).success,
  };
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) {
    return String(value);
  }
  return `(${typeof value})`;
}

function safeDetail(value: unknown): unknown {
  return typeof value === "string" ? value.slice(0, 256) : typeof value === "object" ? typeof value : value;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f]/;
const INT32_MAX = 2_147_483_647;

const nonNegativeInt32 = z
  .number({ error: "must be a number" })
  .int({ error: "must be an integer" })
  .min(0, { error: "must be 0 or more" })
  .max(INT32_MAX, { error: `must be at most ${INT32_MAX}` });

const text = (max: number) =>
  z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((s) => !CONTROL.test(s), { error: "must not contain control characters" });

/**
 * A charging station's identity: the last path segment of its OCPP WebSocket URL (percent-decoded) and its
 * HTTP Basic username. 1–255 characters, no `:` and no control characters. OCPP 2.x limits identities to 48
 * characters; the OCPP layer checks that per version.
 *
 * @category Ids
 */
export type StationId = Brand<string, "StationId">;
/** @category Ids */
export const StationId: IdKind<StationId> = defineId(
  "station identity",
  text(255).refine((s) => !s.includes(":"), { error: "must not contain ':' (it is the HTTP Basic username)" }),
);

/**
 * An EVSE number within a station; `0` addresses the station as a whole (OCPP 2.x). A 32-bit non-negative integer.
 *
 * @category Ids
 */
export type EvseId = Brand<number, "EvseId">;
/** @category Ids */
export const EvseId: IdKind<EvseId> = defineId("EVSE id", nonNegativeInt32);

/**
 * A connector number: within an EVSE for OCPP 2.x, within the station for OCPP 1.6 where `0` is the main
 * controller. A 32-bit non-negative integer.
 *
 * @category Ids
 */
export type ConnectorId = Brand<number, "ConnectorId">;
/** @category Ids */
export const ConnectorId: IdKind<ConnectorId> = defineId("connector id", nonNegativeInt32);

/**
 * A transaction id as text, 1–36 characters: OCPP 2.x ids as sent, OCPP 1.6 integer ids in decimal.
 *
 * @category Ids
 */
export type TransactionId = Brand<string, "TransactionId">;
/** @category Ids */
export const TransactionId: IdKind<TransactionId> = defineId("transaction id", text(36));

/**
 * A reservation id: a 32-bit non-negative integer, because that is what ReserveNow carries in every OCPP version.
 *
 * @category Ids
 */
export type ReservationId = Brand<number, "ReservationId">;
/** @category Ids */
export const ReservationId: IdKind<ReservationId> = defineId("reservation id", nonNegativeInt32);

/**
 * The value of a driver credential (an RFID uid, an app token, an eMAID …), 1–255 characters. The per-version
 * wire limits (1.6 idTag 20, 2.0.1 36, 2.1 255) are checked by the OCPP codec, not here.
 *
 * @category Ids
 */
export type IdToken = Brand<string, "IdToken">;
/** @category Ids */
export const IdToken: IdKind<IdToken> = defineId("id token", text(255));

/**
 * A site (location) identifier chosen by the operator, 1–128 characters.
 *
 * @category Ids
 */
export type SiteId = Brand<string, "SiteId">;
/** @category Ids */
export const SiteId: IdKind<SiteId> = defineId("site id", text(128));

/**
 * A driver (account) identifier, 1–128 characters. Data of one driver is never shown to another.
 *
 * @category Ids
 */
export type DriverId = Brand<string, "DriverId">;
/** @category Ids */
export const DriverId: IdKind<DriverId> = defineId("driver id", text(128));

/**
 * A random RFC 4122 version 4 UUID from the platform's Web Crypto (Node 20+, browsers, React Native with a
 * `crypto.randomUUID` polyfill). 36 characters: fits every OCPP message id and transaction id.
 *
 * @category Ids
 */
export function randomId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID === undefined) {
    throw new ChargekitError("UNSUPPORTED", "globalThis.crypto.randomUUID is not available on this platform");
  }
  return crypto.randomUUID();
}
