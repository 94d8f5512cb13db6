import { parseOcpiTariff } from "@chargekit/payments";
import { z } from "zod";
import { filePathSchema } from "./fields.js";
import type { SiteConfig } from "./sites.js";

/** Tariffs in OCPI 2.2.1 JSON: in a file, inline, or both; sites pick one by `tariffId`. */
export const tariffsConfigSchema = z
  .strictObject({
    /** An OCPI 2.2.1 tariffs JSON file (array of Tariff objects), read at start-up. */
    file: filePathSchema.optional(),
    /** OCPI 2.2.1 Tariff objects given in the configuration itself. */
    inline: z
      .array(
        z.looseObject({
          /** The tariff's id, which sites name in `tariffId`. */
          id: z.string().min(1, { error: "expected a tariff id" }),
        }),
      )
      .default([]),
  })
  .superRefine((tariffs, ctx) => {
    const seen = new Set<string>();
    tariffs.inline.forEach((tariff, i) => {
      const parsed = parseOcpiTariff(tariff);
      if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["inline", i], message: parsed.error.message });
      if (seen.has(tariff.id)) ctx.addIssue({ code: "custom", path: ["inline", i, "id"], message: "duplicate id" });
      seen.add(tariff.id);
    });
  });

/** Tariff settings (see {@link tariffsConfigSchema}). */
export type TariffsConfig = z.output<typeof tariffsConfigSchema>;

/**
 * Every site's `tariffId` names an inline tariff (checked here) or one of the file's (checked when it is read at
 * start-up, since the file is not read while validating).
 */
export function checkTariffReferences(
  config: { readonly tariffs: TariffsConfig; readonly sites: readonly SiteConfig[] },
  ctx: z.RefinementCtx,
): void {
  if (config.tariffs.file !== undefined) return;
  const ids = new Set(config.tariffs.inline.map((t) => t.id));
  config.sites.forEach((site, s) => {
    if (site.tariffId !== undefined && !ids.has(site.tariffId)) {
      ctx.addIssue({
        code: "custom",
        path: ["sites", s, "tariffId"],
        message: `no tariff "${site.tariffId}" in tariffs.inline`,
        input: undefined,
      });
    }
  });
}
