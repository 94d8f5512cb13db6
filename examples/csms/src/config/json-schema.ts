import { z } from "zod";
import { configSchema } from "./schema.js";

/**
 * The JSON Schema (2020-12) of a configuration file, for editors: `config/config.schema.json` holds it and the
 * shipped files point at it with `"$schema"`. Cross-field rules (unique ids, TLS for profiles 2–3) are checked by
 * the server only.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }),
    title: "chargekit example CSMS configuration",
  };
}
