import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "./json-schema.js";

const file = new URL("../../config/config.schema.json", import.meta.url).pathname;

describe("config/config.schema.json", () => {
  it("matches the zod schema (regenerate with UPDATE_CONFIG_SCHEMA=1 npx vitest run --project csms json-schema)", () => {
    const fresh = configJsonSchema();
    if (process.env["UPDATE_CONFIG_SCHEMA"] === "1") writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(fresh);
  });
});
