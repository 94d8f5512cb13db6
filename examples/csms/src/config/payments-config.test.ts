import { describe, expect, it } from "vitest";
import { validateConfig } from "./load.js";

const site = { id: "s1", name: "S1", gridLimit: { L1: 32, L2: 32, L3: 32 } };

function issues(raw: Record<string, unknown>): string[] {
  const result = validateConfig(raw);
  return result.ok
    ? []
    : (result.error.details["issues"] as { path: string; message: string }[]).map((i) => `${i.path}: ${i.message}`);
}

describe("tariffs, authorization and payments configuration", () => {
  it("accepts inline OCPI tariffs that sites name, and fills the defaults", () => {
    const loaded = validateConfig({
      tariffs: {
        inline: [
          {
            id: "t",
            currency: "EUR",
            elements: [{ price_components: [{ type: "ENERGY", price: 0.3, step_size: 1 }] }],
          },
        ],
      },
      sites: [{ ...site, tariffId: "t" }],
    });
    if (!loaded.ok) throw loaded.error;
    const { config } = loaded.value;
    expect(config.authorization).toEqual({ unknownTokens: "reject", syncLocalListOnBoot: true });
    expect(config.payments.holdPolicy.classes).toEqual({ default: { min: 20, max: 80 } });
    expect(config.ocpp.heartbeatIntervalSec).toBe(300);
  });

  it("names the broken tariff and the bad hold classes", () => {
    expect(
      issues({
        tariffs: { inline: [{ id: "t", currency: "EURO", elements: [] }] },
        payments: { holdPolicy: { classes: { guest: { min: 50, max: 10, fixed: 5 } } } },
        authorization: { unknownTokens: "maybe" },
      }),
    ).toEqual([
      "tariffs.inline[0]: invalid OCPI tariff: currency: must be an active ISO 4217 currency code; elements: needs at least one element, got an object",
      'authorization.unknownTokens: expected "reject" or "accept", got (value hidden)',
      "payments.holdPolicy.classes.guest.min: must not exceed max",
      "payments.holdPolicy.classes.guest.fixed: give either fixed or min/max, not both",
      'payments.holdPolicy.classes: needs a "default" class',
    ]);
  });

  it("names a site's tariff id that no inline tariff has", () => {
    expect(issues({ sites: [{ ...site, tariffId: "nope" }] })).toEqual([
      'sites[0].tariffId: no tariff "nope" in tariffs.inline',
    ]);
  });

  it("leaves tariff ids to the start-up check when a tariffs file is named", () => {
    expect(issues({ tariffs: { file: "tariffs.json" }, sites: [{ ...site, tariffId: "from-file" }] })).toEqual([]);
  });
});
