import { z } from "zod";

/**
 * An amount of money as a decimal string in a currency (ISO 4217), e.g. `{ amount: "2.00", currency: "USD" }`.
 * Kept as text so no precision is lost; the payments package does arithmetic on it.
 *
 * @category Policy
 */
export interface Money {
  /** Non-negative decimal with at most 6 fraction digits, e.g. `"2.00"`. */
  readonly amount: string;
  /** Three-letter ISO 4217 code, e.g. `"EUR"`. */
  readonly currency: string;
}

/**
 * Schema of {@link Money}.
 *
 * @category Policy
 */
export const moneySchema: z.ZodType<Money> = z.object({
  amount: z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, { error: 'amount must be a decimal string such as "2.00"' }),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: "currency must be a three-letter ISO 4217 code" }),
});
