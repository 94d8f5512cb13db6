import { ChargekitError, err, ok, parseInstant, type Result } from "@chargekit/core";
import { z } from "zod";
import { currencySchema } from "../money/currency.js";
import { decimalText, toDecimal } from "../money/decimal.js";
import { DAYS_OF_WEEK, type DisplayText, TARIFF_DIMENSIONS, TARIFF_TYPES, type Tariff } from "./tariff.js";

/** Upper bounds that keep a hostile tariff from exhausting memory or time. */
export const TARIFF_LIMITS = {
  /** Elements per tariff. */
  elements: 1000,
  /** Price components per element. */
  priceComponents: 32,
  /** Alternative texts per tariff. */
  altTexts: 32,
} as const;

const decimal = (what: string, options: { min?: number } = {}) =>
  z.union([z.string(), z.number()], { error: `${what} must be a decimal number` }).transform((value, context) => {
    const d = toDecimal(value);
    if (d === undefined) {
      context.addIssue({ code: "custom", message: `${what} must be a finite decimal, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    if (options.min !== undefined && d.lessThan(options.min)) {
      context.addIssue({ code: "custom", message: `${what} must be at least ${options.min}, got ${decimalText(d)}` });
      return z.NEVER;
    }
    return decimalText(d);
  });

const seconds = (what: string) =>
  z
    .number({ error: `${what} must be a number of seconds` })
    .int({ error: `${what} must be whole seconds` })
    .min(0);

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a local time "HH:MM" (00:00–23:59)' });

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a local date "YYYY-MM-DD"' })
  .refine(
    (s) => {
      const [y, m, d] = s.split("-").map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
    },
    { error: "is not a calendar date" },
  );

const instant = z.union([z.number().int(), z.string()]).transform((value, context) => {
  if (typeof value === "number") return value;
  const parsed = parseInstant(value);
  if (!parsed.ok) {
    context.addIssue({ code: "custom", message: parsed.error.message });
    return z.NEVER;
  }
  return parsed.value;
});

const restrictionsSchema = z
  .object({
    startTime: timeOfDay.optional(),
    endTime: timeOfDay.optional(),
    startDate: localDate.optional(),
    endDate: localDate.optional(),
    minKwh: decimal("minKwh").optional(),
    maxKwh: decimal("maxKwh").optional(),
    minCurrent: decimal("minCurrent").optional(),
    maxCurrent: decimal("maxCurrent").optional(),
    minPower: decimal("minPower").optional(),
    maxPower: decimal("maxPower").optional(),
    minDuration: seconds("minDuration").optional(),
    maxDuration: seconds("maxDuration").optional(),
    dayOfWeek: z
      .array(z.enum(DAYS_OF_WEEK, { error: `must be one of ${DAYS_OF_WEEK.join(", ")}` }))
      .max(7)
      .refine((days) => new Set(days).size === days.length, { error: "must not repeat a day" })
      .optional(),
    reservation: z.enum(["RESERVATION", "RESERVATION_EXPIRES"]).optional(),
    minChargingDuration: seconds("minChargingDuration").optional(),
    maxChargingDuration: seconds("maxChargingDuration").optional(),
    minIdleDuration: seconds("minIdleDuration").optional(),
    maxIdleDuration: seconds("maxIdleDuration").optional(),
    evseKind: z.enum(["AC", "DC"]).optional(),
    paymentBrand: z.string().min(1).max(20).optional(),
    paymentRecognition: z.string().min(1).max(20).optional(),
  })
  .strict();

const componentSchema = z
  .object({
    type: z.enum(TARIFF_DIMENSIONS, { error: `must be one of ${TARIFF_DIMENSIONS.join(", ")}` }),
    price: decimal("price", { min: 0 }),
    vat: decimal("vat", { min: 0 }).optional(),
    stepSize: z
      .number({ error: "stepSize must be a number" })
      .int({ error: "stepSize must be an integer" })
      .min(0)
      .max(2_147_483_647),
  })
  .strict();

const elementSchema = z
  .object({
    priceComponents: z
      .array(componentSchema)
      .min(1, { error: "needs at least one price component" })
      .max(TARIFF_LIMITS.priceComponents),
    restrictions: restrictionsSchema.optional(),
  })
  .strict()
  .refine(
    (e) =>
      e.restrictions?.reservation === undefined ||
      e.priceComponents.every((c) => c.type === "FLAT" || c.type === "TIME"),
    { error: "a reservation element may only have FLAT and TIME price components" },
  );

const priceSchema = z
  .object({ exclVat: decimal("exclVat", { min: 0 }).optional(), inclVat: decimal("inclVat", { min: 0 }).optional() })
  .strict()
  .refine((p) => p.exclVat !== undefined || p.inclVat !== undefined, { error: "needs exclVat or inclVat" });

const tariffSchema = z
  .object({
    id: z.string().min(1).max(60),
    currency: currencySchema,
    elements: z.array(elementSchema).min(1, { error: "needs at least one element" }).max(TARIFF_LIMITS.elements),
    type: z.enum(TARIFF_TYPES).optional(),
    minPrice: priceSchema.optional(),
    maxPrice: priceSchema.optional(),
    startDateTime: instant.optional(),
    endDateTime: instant.optional(),
    preauthorizeAmount: decimal("preauthorizeAmount", { min: 0 }).optional(),
    countryCode: z.string().min(2).max(2).optional(),
    partyId: z.string().min(1).max(3).optional(),
    altText: z
      .array(z.object({ language: z.string().min(2).max(2), text: z.string().max(512) }).strict())
      .max(TARIFF_LIMITS.altTexts)
      .optional(),
    altUrl: z.string().max(255).optional(),
    lastUpdated: instant.optional(),
  })
  .strict()
  .refine(
    (t) =>
      (["exclVat", "inclVat"] as const).every((side) => {
        const min = t.minPrice?.[side];
        const max = t.maxPrice?.[side];
        return min === undefined || max === undefined || !toDecimal(min)?.greaterThan(max);
      }),
    { error: "minPrice must not exceed maxPrice", path: ["minPrice"] },
  );

/**
 * A {@link Tariff} as written by hand: decimal fields may be numbers or strings, instants epoch ms or RFC 3339
 * strings, the currency a plain string. {@link parseTariff} validates and normalises it.
 *
 * @category Tariffs
 */
export type TariffInput = Loosened<Tariff>;

/**
 * `T` with every string field also accepting a number and every number field also accepting a string (the
 * validation decides what is acceptable).
 *
 * @category Tariffs
 */
export type Loosened<T> = T extends string | number
  ? string | number
  : T extends readonly (infer U)[]
    ? readonly Loosened<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Loosened<T[K]> }
      : T;

/**
 * Validates a tariff written in chargekit's camelCase form (numbers or decimal strings). The failure names the field
 * path and the rule. Prices and VAT must not be negative; reservation elements may only price FLAT and TIME.
 *
 * @example
 * ```ts
 * const tariff = parseTariff({
 *   id: "simple",
 *   currency: "EUR",
 *   elements: [{ priceComponents: [{ type: "ENERGY", price: 0.25, vat: 10, stepSize: 1 }] }],
 * });
 * ```
 * @category Tariffs
 */
export function parseTariff(input: unknown): Result<Tariff, ChargekitError> {
  const result = tariffSchema.safeParse(input);
  if (!result.success) return err(invalid("tariff", result.error));
  return ok(clean(result.data) as Tariff);
}

/**
 * Validates an OCPI 2.2.1 `Tariff` object (snake_case JSON, as pushed by a CPO or read from a file). Pricing fields
 * are validated strictly; `country_code`, `party_id` and `last_updated`, required by OCPI but irrelevant to the
 * price, may be absent. OCPI 2.3's `preauthorize_amount` and `PriceLimit` (`before_taxes` / `after_taxes`) are read when
 * present; other fields (`energy_mix`, extensions) are ignored.
 *
 * @category Tariffs
 */
export function parseOcpiTariff(json: unknown): Result<Tariff, ChargekitError> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return err(new ChargekitError("INVALID_INPUT", "invalid OCPI tariff: expected a JSON object"));
  }
  const t = json as Record<string, unknown>;
  const elements = Array.isArray(t["elements"])
    ? t["elements"].map((element) => {
        if (typeof element !== "object" || element === null) return element;
        const e = element as Record<string, unknown>;
        return {
          priceComponents: Array.isArray(e["price_components"])
            ? e["price_components"].map((c) => {
                if (typeof c !== "object" || c === null) return c;
                const pc = c as Record<string, unknown>;
                return { type: pc["type"], price: pc["price"], vat: pc["vat"], stepSize: pc["step_size"] };
              })
            : e["price_components"],
          restrictions: mapRestrictions(e["restrictions"]),
        };
      })
    : t["elements"];
  const price = (p: unknown): unknown => {
    if (typeof p !== "object" || p === null) return p;
    const record = p as Record<string, unknown>;
    // OCPI 2.3 PriceLimit uses before_taxes / after_taxes
    return {
      exclVat: record["excl_vat"] ?? record["before_taxes"],
      inclVat: record["incl_vat"] ?? record["after_taxes"],
    };
  };
  const altText = Array.isArray(t["tariff_alt_text"]) ? t["tariff_alt_text"] : undefined;
  const input = {
    id: t["id"],
    currency: t["currency"],
    elements,
    type: t["type"],
    minPrice: t["min_price"] === undefined || t["min_price"] === null ? undefined : price(t["min_price"]),
    maxPrice: t["max_price"] === undefined || t["max_price"] === null ? undefined : price(t["max_price"]),
    startDateTime: t["start_date_time"] ?? undefined,
    endDateTime: t["end_date_time"] ?? undefined,
    preauthorizeAmount: t["preauthorize_amount"] ?? undefined,
    countryCode: t["country_code"],
    partyId: t["party_id"],
    altText: altText?.map((x) => x as DisplayText),
    altUrl: t["tariff_alt_url"],
    lastUpdated: t["last_updated"],
  };
  const result = tariffSchema.safeParse(dropUndefined(input));
  if (!result.success) return err(invalid("OCPI tariff", result.error, ocpiPath));
  return ok(clean(result.data) as Tariff);
}

function mapRestrictions(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object") return value;
  const r = value as Record<string, unknown>;
  return dropUndefined({
    startTime: r["start_time"],
    endTime: r["end_time"],
    startDate: r["start_date"],
    endDate: r["end_date"],
    minKwh: r["min_kwh"],
    maxKwh: r["max_kwh"],
    minCurrent: r["min_current"],
    maxCurrent: r["max_current"],
    minPower: r["min_power"],
    maxPower: r["max_power"],
    minDuration: r["min_duration"],
    maxDuration: r["max_duration"],
    dayOfWeek: r["day_of_week"],
    reservation: r["reservation"],
  });
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = v;
  return out as T;
}

const OCPI_NAMES: Readonly<Record<string, string>> = {
  priceComponents: "price_components",
  stepSize: "step_size",
  minPrice: "min_price",
  maxPrice: "max_price",
  exclVat: "excl_vat",
  inclVat: "incl_vat",
  startTime: "start_time",
  endTime: "end_time",
  startDate: "start_date",
  endDate: "end_date",
  minKwh: "min_kwh",
  maxKwh: "max_kwh",
  minCurrent: "min_current",
  maxCurrent: "max_current",
  minPower: "min_power",
  maxPower: "max_power",
  minDuration: "min_duration",
  maxDuration: "max_duration",
  dayOfWeek: "day_of_week",
  startDateTime: "start_date_time",
  endDateTime: "end_date_time",
  countryCode: "country_code",
  partyId: "party_id",
  altText: "tariff_alt_text",
  altUrl: "tariff_alt_url",
  lastUpdated: "last_updated",
  preauthorizeAmount: "preauthorize_amount",
};

function ocpiPath(segment: string): string {
  return OCPI_NAMES[segment] ?? segment;
}

function invalid(what: string, error: z.ZodError, rename: (s: string) => string = (s) => s): ChargekitError {
  const issues = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${rename(String(p))}`)).join("");
    return `${path === "" ? "(root)" : path.replace(/^\./, "")}: ${issue.message}`;
  });
  return new ChargekitError("INVALID_INPUT", `invalid ${what}: ${issues.join("; ")}`, { details: { issues } });
}

/** Removes `undefined` optionals left by zod so records satisfy exactOptionalPropertyTypes. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
  return out;
}
