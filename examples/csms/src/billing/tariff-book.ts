import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ChargekitError } from "@chargekit/core";
import { parseOcpiTariff, type Tariff } from "@chargekit/payments";
import type { Config } from "../config/schema.js";

/**
 * Reads every configured tariff: the inline ones and, when named, the OCPI tariffs file (a JSON array of OCPI
 * 2.2.1 Tariff objects, path relative to the working directory). Throws `INVALID_INPUT` naming the file and the
 * tariff index when one is invalid, a duplicate id, or a site names a tariff that does not exist.
 */
export async function loadTariffs(config: Pick<Config, "tariffs" | "sites">): Promise<Map<string, Tariff>> {
  const tariffs = new Map<string, Tariff>();
  const add = (where: string, json: unknown) => {
    const parsed = parseOcpiTariff(json);
    if (!parsed.ok) throw new ChargekitError("INVALID_INPUT", `${where}: ${parsed.error.message}`);
    if (tariffs.has(parsed.value.id)) {
      throw new ChargekitError("INVALID_INPUT", `${where}: duplicate tariff id "${parsed.value.id}"`);
    }
    tariffs.set(parsed.value.id, parsed.value);
  };
  for (const [i, t] of config.tariffs.inline.entries()) add(`tariffs.inline[${i}]`, t);
  const file = config.tariffs.file;
  if (file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(resolve(file), "utf8"));
    } catch (cause) {
      throw new ChargekitError("INVALID_INPUT", `tariffs.file ${file}: ${(cause as Error).message}`, { cause });
    }
    if (!Array.isArray(json)) throw new ChargekitError("INVALID_INPUT", `tariffs.file ${file}: expected a JSON array`);
    for (const [i, t] of json.entries()) add(`tariffs.file ${file} [${i}]`, t);
  }
  config.sites.forEach((site, s) => {
    if (site.tariffId !== undefined && !tariffs.has(site.tariffId)) {
      throw new ChargekitError("INVALID_INPUT", `sites[${s}].tariffId: no tariff "${site.tariffId}"`);
    }
  });
  return tariffs;
}
