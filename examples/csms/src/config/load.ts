import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ChargekitError, err, ok, type Result } from "@chargekit/core";
import { expectationOf, type FieldIssue, toFieldIssues } from "../validation/issues.js";
import { applyEnvironment, type Environment } from "./env.js";
import { type Config, configSchema } from "./schema.js";

/** The code of a configuration that cannot be used. */
export type ConfigErrorCode = "INVALID_CONFIG";

/** A configuration that cannot be used; `details.issues` lists every problem as a {@link FieldIssue}. */
export type ConfigError = ChargekitError<ConfigErrorCode>;

/** The shipped default configuration (3 sites, 20 stations, demo fleet on), used when no file is named. */
export const DEFAULT_CONFIG_FILE = new URL("../../config/demo.json", import.meta.url).pathname;

/** Inputs of {@link loadConfig}; each defaults to the real process. */
export interface LoadConfigOptions {
  /** Command-line arguments after the script (`--config path` or `--config=path`). */
  readonly argv?: readonly string[];
  /** Environment variables. */
  readonly env?: Environment;
  /** Reads a file as UTF-8 text. */
  readonly readFile?: (path: string) => string;
  /** Directory relative paths are resolved against. */
  readonly cwd?: string;
}

/** A usable configuration and where it came from. */
export interface LoadedConfig {
  /** The validated configuration. */
  readonly config: Config;
  /** The file it was read from. */
  readonly file: string;
  /** The environment variables that overrode fields of the file. */
  readonly fromEnvironment: readonly string[];
}

/**
 * Loads the configuration: a JSON file (`--config`, else `CHARGEKIT_CONFIG`, else the shipped demo configuration),
 * then environment overrides, then the zod schema with its defaults. The error lists every bad field by its path,
 * value and the variable it came from, e.g. `config: sites[1].gridLimit.L2: expected a number ≥ 0, got "x"`.
 *
 * @example
 * ```ts
 * const loaded = loadConfig({ env: { CHARGEKIT_HTTP_PORT: "0" } });
 * if (!loaded.ok) throw loaded.error;
 * ```
 */
export function loadConfig(options: LoadConfigOptions = {}): Result<LoadedConfig, ConfigError> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const read = options.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  const named = configFlag(options.argv ?? process.argv.slice(2)) ?? env["CHARGEKIT_CONFIG"];
  const file = named === undefined || named === "" ? DEFAULT_CONFIG_FILE : resolve(cwd, named);

  let text: string;
  try {
    text = read(file);
  } catch (cause) {
    const reason = (cause as { code?: string }).code ?? (cause as Error).message;
    return err(configError([{ path: file, message: `cannot read the configuration file (${reason})` }], cause));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    return err(configError([{ path: file, message: `not valid JSON: ${(cause as Error).message}` }], cause));
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return err(configError([{ path: file, message: "expected a JSON object at the top level" }]));
  }
  return validateConfig(parsed as Record<string, unknown>, env, file);
}

/** Validates a raw configuration object with environment overrides applied (the second half of {@link loadConfig}). */
export function validateConfig(
  raw: Record<string, unknown>,
  env: Environment = {},
  file = "(inline)",
): Result<LoadedConfig, ConfigError> {
  const applied = applyEnvironment(raw, env);
  const result = configSchema.safeParse(applied.raw, { error: expectationOf, reportInput: true });
  if (!result.success) {
    const issues = toFieldIssues("", result.error.issues).map((issue) => {
      const from = sourceOf(issue.path, applied.sources);
      return {
        path: issue.path === "" ? file : issue.path,
        message: from === undefined ? issue.message : `${issue.message} (from ${from})`,
      };
    });
    return err(configError(issues));
  }
  return ok({ config: result.data, file, fromEnvironment: [...new Set(applied.sources.values())] });
}

function sourceOf(path: string, sources: ReadonlyMap<string, string>): string | undefined {
  for (const [field, variable] of sources) if (path === field || path.startsWith(`${field}.`)) return variable;
  return undefined;
}

function configFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--config") return argv[i + 1];
    if (arg.startsWith("--config=")) return arg.slice("--config=".length);
  }
  return undefined;
}

function configError(issues: readonly FieldIssue[], cause?: unknown): ConfigError {
  const lines = issues.map((i) => `config: ${i.path}: ${i.message}`);
  return new ChargekitError<ConfigErrorCode>("INVALID_CONFIG", lines.join("\n"), {
    details: { issues },
    ...(cause === undefined ? {} : { cause }),
  });
}
