import { parseArgs } from "node:util";
import { generateApiKey } from "../auth/api-keys.js";
import { apiKeySchema } from "../config/api-keys.js";
import { expectationOf, formatIssueLines, toFieldIssues } from "../validation/issues.js";

/** What a command printed and its exit code. */
export interface CliOutcome {
  /** Lines for stdout. */
  readonly out: readonly string[];
  /** Lines for stderr. */
  readonly err: readonly string[];
  /** Exit code. */
  readonly code: number;
}

const USAGE =
  "usage: npm run new-api-key -w @chargekit/example-csms -- --id <id> --role operator|driver-app|navigation-app " +
  "[--driver <driverId>] [--tenant <tenant>] [--label <text>]";

/**
 * `new-api-key`: generates a key, prints it once and the `apiKeys` entry (with only its hash) to paste into the
 * configuration file.
 */
export function newApiKeyCommand(argv: readonly string[]): CliOutcome {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        id: { type: "string" },
        role: { type: "string" },
        driver: { type: "string" },
        tenant: { type: "string" },
        label: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    return { out: [], err: [(error as Error).message, USAGE], code: 2 };
  }
  const id = values["id"] ?? "";
  const generated = generateApiKey(id);
  const entry = {
    id,
    role: values["role"],
    hash: generated.hash,
    ...(values["tenant"] === undefined ? {} : { tenant: values["tenant"] }),
    ...(values["driver"] === undefined ? {} : { driverId: values["driver"] }),
    ...(values["label"] === undefined ? {} : { label: values["label"] }),
  };
  const checked = apiKeySchema.safeParse(entry, { error: expectationOf, reportInput: true });
  if (!checked.success) {
    const lines = formatIssueLines(toFieldIssues("", checked.error.issues)).split("\n");
    return { out: [], err: [...lines.map((l) => `--${l.replace(/^driverId/, "driver")}`), USAGE], code: 2 };
  }
  return {
    out: [
      `API key (shown once, give it to its holder): ${generated.key}`,
      "Add this entry to apiKeys in the configuration file:",
      JSON.stringify(entry, null, 2),
    ],
    err: [],
    code: 0,
  };
}
