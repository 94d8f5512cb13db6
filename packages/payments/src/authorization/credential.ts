import { ChargekitError, DriverId, err, ok, type Result } from "@chargekit/core";
import { z } from "zod";

/**
 * OCPP 2.x `IdTokenType` values (2.0.1 enum plus the OCPP 2.1 additions; 2.1 also allows other strings of up to 20
 * characters, which chargekit accepts as custom types).
 *
 * @category Authorization
 */
export const ID_TOKEN_TYPES = [
  "Central",
  "DirectPayment",
  "eMAID",
  "EVCCID",
  "ISO14443",
  "ISO15693",
  "KeyCode",
  "Local",
  "MacAddress",
  "NEMA",
  "NoAuthorization",
  "VIN",
] as const;

/**
 * A known OCPP 2.x id token type, or a custom OCPP 2.1 type (1–20 characters).
 *
 * @category Authorization
 */
export type IdTokenType = (typeof ID_TOKEN_TYPES)[number] | (string & {});

/**
 * An additional identifier sent with an OCPP 2.x id token (`additionalInfo`).
 *
 * @category Authorization
 */
export interface AdditionalIdToken {
  /** The additional identifier. */
  readonly additionalIdToken: string;
  /** Its type, e.g. `"PaymentBrand"`, `"PaymentRecognition"`. */
  readonly type: string;
}

/**
 * Every way a driver identifies, in one union:
 *
 * - `idTag`: an OCPP 1.6 idTag (CiString20);
 * - `idToken`: an OCPP 2.x id token of any type (RFID, eMAID, key code, MAC address, VIN …);
 * - `app`: a driver signed in to an app, identified by their account;
 * - `card`: a payment card used ad hoc at a terminal or web page, identified by the payment provider's reference
 *   (the OCPP 2.1 `DirectPayment` token, whose value is the `pspRef`).
 *
 * @category Authorization
 */
export type Credential =
  | {
      /** An OCPP 1.6 idTag. */
      readonly kind: "idTag";
      /** The idTag (≤ 20 printable ASCII characters). */
      readonly idTag: string;
    }
  | {
      /** An OCPP 2.x id token. */
      readonly kind: "idToken";
      /** The token value (≤ 255 printable ASCII characters). */
      readonly idToken: string;
      /** Its type. */
      readonly type: IdTokenType;
      /** Additional identifiers sent with it. */
      readonly additionalInfo?: readonly AdditionalIdToken[];
    }
  | {
      /** A signed-in app user. */
      readonly kind: "app";
      /** The driver's account. */
      readonly driverId: DriverId;
    }
  | {
      /** A payment card used ad hoc (OCPP 2.1 `DirectPayment`). */
      readonly kind: "card";
      /** The payment provider's reference. */
      readonly pspRef: string;
      /** Card brand, e.g. `"VISA"`. */
      readonly brand?: string;
      /** Kind of payment, e.g. `"CC"`, `"Debit"`. */
      readonly recognition?: string;
    };

const PRINTABLE = /^[\x20-\x7e]*$/;

const credentialSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("idTag"),
    idTag: z.string().min(1).max(20).regex(PRINTABLE, { error: "must be printable ASCII" }),
  }),
  z.object({
    kind: z.literal("idToken"),
    idToken: z.string().max(255).regex(PRINTABLE, { error: "must be printable ASCII" }),
    type: z.string().min(1).max(20),
    additionalInfo: z
      .array(z.object({ additionalIdToken: z.string().min(1).max(255), type: z.string().min(1).max(50) }))
      .max(16)
      .optional(),
  }),
  z.object({ kind: z.literal("app"), driverId: DriverId.schema }),
  z.object({
    kind: z.literal("card"),
    pspRef: z.string().min(1).max(255),
    brand: z.string().min(1).max(20).optional(),
    recognition: z.string().min(1).max(20).optional(),
  }),
]);

/**
 * Validates a credential from outside (an HTTP body, a stored record). The failure names the field.
 *
 * @category Authorization
 */
export function parseCredential(value: unknown): Result<Credential, ChargekitError> {
  const parsed = credentialSchema.safeParse(value);
  if (parsed.success) {
    const c = parsed.data;
    if (c.kind === "idToken" && c.type !== "NoAuthorization" && c.idToken.length === 0) {
      return err(new ChargekitError("INVALID_INPUT", "invalid credential: idToken must not be empty"));
    }
    return ok(stripUndefined(c) as Credential);
  }
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  return err(new ChargekitError("INVALID_INPUT", `invalid credential: ${issues.join("; ")}`, { details: { issues } }));
}

/**
 * The credential of an OCPP 2.x id token: `DirectPayment` tokens become `card` credentials (value = pspRef, brand
 * and recognition from `additionalInfo` of type `PaymentBrand` / `PaymentRecognition`); everything else stays an
 * `idToken`.
 *
 * @category Authorization
 */
export function credentialFromIdToken(token: {
  readonly idToken: string;
  readonly type: string;
  readonly additionalInfo?: readonly AdditionalIdToken[];
}): Credential {
  if (token.type === "DirectPayment") {
    const info = (t: string) => token.additionalInfo?.find((a) => a.type === t)?.additionalIdToken;
    const brand = info("PaymentBrand");
    const recognition = info("PaymentRecognition");
    return {
      kind: "card",
      pspRef: token.idToken,
      ...(brand === undefined ? {} : { brand }),
      ...(recognition === undefined ? {} : { recognition }),
    };
  }
  return {
    kind: "idToken",
    idToken: token.idToken,
    type: token.type,
    ...(token.additionalInfo === undefined ? {} : { additionalInfo: token.additionalInfo }),
  };
}

const CANONICAL_TYPES = new Map(ID_TOKEN_TYPES.map((t) => [t.toUpperCase(), t]));

/**
 * The key under which a credential is matched in lists, caches and stores. The matching rules per credential type:
 *
 * | credential | rule |
 * |---|---|
 * | 1.6 `idTag` | CiString: ASCII case-insensitive, otherwise exact (no trimming) |
 * | 2.x `ISO14443`, `ISO15693`, `KeyCode`, `Local`, `Central`, `EVCCID`, `VIN`, `NEMA`, custom types | CiString: ASCII case-insensitive value; the type is part of the key (case-insensitive) |
 * | 2.x `eMAID` | case-insensitive, `-` separators ignored (`NL-TNM-C12345678-X` = `NLTNMC12345678X`) |
 * | 2.x `MacAddress` | case-insensitive, `:` `-` `.` separators ignored |
 * | 2.x `NoAuthorization` | the type alone (the value carries no identity) |
 * | `app` | the driver id, exact |
 * | `card` (`DirectPayment`) | the PSP reference, exact (PSP references are case-sensitive) |
 *
 * A 1.6 idTag and a 2.x token with the same characters are different keys: a 1.6 station sends no type. Register a
 * card under both forms when one fleet of cards serves both protocol versions.
 *
 * @example
 * ```ts
 * credentialKey({ kind: "idTag", idTag: "04a1b2c3" }) === credentialKey({ kind: "idTag", idTag: "04A1B2C3" }); // true
 * ```
 * @category Authorization
 */
export function credentialKey(credential: Credential): string {
  switch (credential.kind) {
    case "idTag":
      return `idTag:${asciiUpper(credential.idTag)}`;
    case "app":
      return `app:${credential.driverId}`;
    case "card":
      return `card:${credential.pspRef}`;
    case "idToken": {
      const type = CANONICAL_TYPES.get(asciiUpper(credential.type)) ?? asciiUpper(credential.type);
      if (type === "NoAuthorization") return "idToken:NoAuthorization:";
      let value = asciiUpper(credential.idToken);
      if (type === "eMAID") value = value.replaceAll("-", "");
      if (type === "MacAddress") value = value.replace(/[:.-]/g, "");
      return `idToken:${type}:${value}`;
    }
  }
}

/**
 * True when two credentials identify the same driver credential per {@link credentialKey}.
 *
 * @category Authorization
 */
export function sameCredential(a: Credential, b: Credential): boolean {
  return credentialKey(a) === credentialKey(b);
}

/**
 * A short, non-secret label for logs: the kind and type, plus the last four characters of the value.
 *
 * @category Authorization
 */
export function describeCredential(credential: Credential): string {
  const tail = (s: string) => (s.length <= 4 ? "****" : `…${s.slice(-4)}`);
  switch (credential.kind) {
    case "idTag":
      return `idTag ${tail(credential.idTag)}`;
    case "idToken":
      return `${credential.type} ${tail(credential.idToken)}`;
    case "app":
      return `app user ${tail(credential.driverId)}`;
    case "card":
      return `card ${credential.brand ?? ""} ${tail(credential.pspRef)}`.replace("  ", " ");
  }
}

/** Upper-cases ASCII letters only (CiString comparison is defined on ASCII). */
function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
}

function stripUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
