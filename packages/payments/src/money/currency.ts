import { type Brand, ChargekitError, err, ok, type Result } from "@chargekit/core";
import { z } from "zod";

/**
 * An ISO 4217 alphabetic currency code that chargekit knows the minor unit of (`"EUR"`, `"JPY"`, `"KWD"` …).
 * Only {@link parseCurrency} and {@link currency} hand one out.
 *
 * @category Money
 */
export type CurrencyCode = Brand<string, "CurrencyCode">;

/**
 * Number of decimals in the minor unit of a currency (ISO 4217 "minor unit"): 0 for JPY, 2 for EUR, 3 for KWD,
 * 4 for the unit-of-account codes CLF and UYW.
 *
 * @category Money
 */
export type MinorUnitExponent = 0 | 2 | 3 | 4;

const ZERO_DECIMALS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND";
const FOUR_DECIMALS = "CLF UYW";
// Active ISO 4217 codes with a decimal minor unit (list A of the ISO 4217 maintenance agency, 2025), excluding the
// codes without a minor unit (precious metals, bond-market units, XDR, XSU, XUA, XTS, XXX).
const TWO_DECIMALS =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE " +
  "CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG " +
  "HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK " +
  "MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE " +
  "SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW " +
  "ZWG";

function table(): ReadonlyMap<string, MinorUnitExponent> {
  const map = new Map<string, MinorUnitExponent>();
  const add = (codes: string, exponent: MinorUnitExponent): void => {
    for (const code of codes.split(" ")) map.set(code, exponent);
  };
  add(TWO_DECIMALS, 2);
  add(ZERO_DECIMALS, 0);
  add(THREE_DECIMALS, 3);
  add(FOUR_DECIMALS, 4);
  return map;
}

/**
 * The ISO 4217 minor-unit table: currency code → number of decimals. Covers every active code with a decimal minor
 * unit. A payment provider may use its own table (some PSPs treat ISK or HUF differently); its adapter converts at
 * the edge.
 *
 * @category Money
 */
export const MINOR_UNITS: ReadonlyMap<string, MinorUnitExponent> = table();

/**
 * Validates an ISO 4217 code (upper case, three letters, in {@link MINOR_UNITS}).
 *
 * @category Money
 */
export function parseCurrency(value: unknown): Result<CurrencyCode, ChargekitError> {
  if (typeof value !== "string" || !/^[A-Z]{3}$/.test(value)) {
    return err(
      new ChargekitError("INVALID_INPUT", `invalid currency ${describe(value)}: expected an ISO 4217 code like "EUR"`, {
        details: { value: typeof value === "string" ? value.slice(0, 16) : typeof value },
      }),
    );
  }
  if (!MINOR_UNITS.has(value)) {
    return err(
      new ChargekitError(
        "INVALID_INPUT",
        `unknown currency "${value}": not an active ISO 4217 code with a minor unit`,
        {
          details: { value },
        },
      ),
    );
  }
  return ok(value as CurrencyCode);
}

/**
 * Like {@link parseCurrency} but throws the `INVALID_INPUT` `ChargekitError`; for codes written in the program.
 *
 * @example
 * ```ts
 * const eur = currency("EUR");
 * ```
 * @category Money
 */
export function currency(value: string): CurrencyCode {
  const parsed = parseCurrency(value);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/**
 * Zod schema of a {@link CurrencyCode}, for composing into request and record schemas.
 *
 * @category Money
 */
export const currencySchema: z.ZodType<CurrencyCode, unknown> = z
  .string({ error: "must be a currency code" })
  .refine((s) => parseCurrency(s).ok, { error: "must be an active ISO 4217 currency code" })
  .transform((s) => s as CurrencyCode);

/**
 * The number of minor-unit decimals of a currency.
 *
 * @category Money
 */
export function minorUnitExponent(code: CurrencyCode): MinorUnitExponent {
  const exponent = MINOR_UNITS.get(code);
  if (exponent === undefined) throw new ChargekitError("INVALID_ARGUMENT", `unknown currency "${code}"`);
  return exponent;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 16)) : String(typeof value);
}
