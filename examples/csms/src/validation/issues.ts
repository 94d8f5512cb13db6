import type { z } from "zod";

/**
 * One validation problem, named by where it is: `sites[1].gridLimit.L2` in a config file, `body.etaMinutes` in an
 * HTTP request.
 */
export interface FieldIssue {
  /** The field's path in JavaScript notation (`a.b[2].c`); the prefix alone for the value as a whole. */
  readonly path: string;
  /** What was expected and what was found, e.g. `expected a number ≥ 0, got "x"`. */
  readonly message: string;
}

/** Field names whose values are never echoed back in an error (they may hold secrets). */
const SECRET_FIELD = /pass|secret|token|key|hash|url|card|pan|cvc|authorization/i;

/**
 * Formats a zod path as `prefix.a.b[2].c` (`prefix` alone for the root).
 *
 * @example
 * ```ts
 * formatPath("config", ["sites", 1, "gridLimit", "L2"]); // "config.sites[1].gridLimit.L2"
 * ```
 */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "symbol") out += `[${String(key)}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/**
 * A short, safe description of a value for an error message: strings quoted and cut at 40 characters, containers
 * by kind only, nothing at all for fields that may hold secrets.
 */
export function describeValue(value: unknown, field?: PropertyKey): string {
  if (typeof field === "string" && SECRET_FIELD.test(field)) return "(value hidden)";
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return "an array";
  return `(${typeof value})`.replace("(object)", "an object");
}

const ARTICLE: Readonly<Record<string, string>> = {
  number: "a number",
  int: "an integer",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  bigint: "an integer",
  date: "a date",
  null: "null",
};

function bound(issue: { origin: string; inclusive?: boolean }, below: boolean): string {
  if (issue.origin === "string") return below ? "at least" : "at most";
  if (issue.origin === "array" || issue.origin === "set") return below ? "at least" : "at most";
  if (below) return issue.inclusive === false ? ">" : "≥";
  return issue.inclusive === false ? "<" : "≤";
}

function unit(origin: string, n: number | bigint): string {
  if (origin === "string") return ` character${n === 1 ? "" : "s"}`;
  if (origin === "array" || origin === "set") return ` item${n === 1 ? "" : "s"}`;
  return "";
}

function subject(origin: string): string {
  if (origin === "string") return "";
  if (origin === "array" || origin === "set") return "";
  return origin === "bigint" || origin === "int" ? "an integer " : "a number ";
}

/**
 * The message for one raw zod issue, saying what was expected (without the value found: {@link toFieldIssues}
 * appends that). Pass it as the per-parse `error` map: messages set on a schema itself still win.
 *
 * @example
 * ```ts
 * schema.safeParse(input, { error: expectationOf, reportInput: true });
 * ```
 */
export function expectationOf(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${ARTICLE[issue.expected] ?? issue.expected}`;
    case "too_small": {
      const min = issue.minimum;
      return `expected ${subject(issue.origin)}${bound(issue, true)} ${min}${unit(issue.origin, min)}`;
    }
    case "too_big": {
      const max = issue.maximum;
      return `expected ${subject(issue.origin)}${bound(issue, false)} ${max}${unit(issue.origin, max)}`;
    }
    case "invalid_value":
      return `expected ${issue.values.length === 1 ? "" : "one of "}${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return `expected ${issue.format === "regex" ? "text of the documented form" : `a valid ${issue.format}`}`;
    case "not_multiple_of":
      return `expected a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return "unknown field";
    case "invalid_union":
      return "did not match any of the allowed shapes";
    case "invalid_key":
      return "invalid key";
    case "invalid_element":
      return "invalid element";
    default:
      return issue.message ?? "invalid value";
  }
}

/**
 * Turns zod issues into {@link FieldIssue}s under `prefix`: one per problem, unknown keys reported at the key
 * itself (`http.prot: unknown field`), each message ending with the value found (`, got "x"`) unless the field may
 * hold a secret. Parse with `{ error: expectationOf, reportInput: true }` so messages and values are there.
 */
export function toFieldIssues(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        out.push({ path: formatPath(prefix, [...issue.path, key]), message: "unknown field" });
      continue;
    }
    if (issue.code === "invalid_union") {
      if (issue.discriminator !== undefined && issue.errors.length === 0) {
        const tag = issue.discriminator;
        const found = (issue.input as Record<string, unknown> | undefined)?.[tag];
        const allowed = "options" in issue ? (issue.options ?? []) : [];
        const options = allowed.map((o) => JSON.stringify(o)).join(", ");
        const at = issue.path[issue.path.length - 1] === tag ? issue.path : [...issue.path, tag];
        out.push({
          path: formatPath(prefix, at),
          message: `expected one of ${options}, got ${describeValue(found, tag)}`,
        });
        continue;
      }
      const nested = pickClosestBranch(issue.errors);
      if (nested !== undefined) {
        out.push(...toFieldIssues(formatPath(prefix, issue.path), nested));
        continue;
      }
    }
    const field = issue.path[issue.path.length - 1];
    const input = (issue as { input?: unknown }).input;
    const path = formatPath(prefix, issue.path);
    if (issue.code === "invalid_type" && input === undefined) {
      out.push({ path, message: `is required (${issue.message})` });
      continue;
    }
    const got = issue.code === "custom" && input === undefined ? "" : `, got ${describeValue(input, field)}`;
    out.push({ path, message: `${issue.message}${got}` });
  }
  return out;
}

/** For a union that failed, the branch that got furthest (fewest issues), so the message is about the likely intent. */
function pickClosestBranch(
  branches: readonly (readonly z.core.$ZodIssue[])[],
): readonly z.core.$ZodIssue[] | undefined {
  let best: readonly z.core.$ZodIssue[] | undefined;
  for (const branch of branches) {
    const shapeMismatch = branch.some((i) => i.code === "invalid_type" && i.path.length === 0);
    if (shapeMismatch) continue;
    if (best === undefined || branch.length < best.length) best = branch;
  }
  return best;
}

/**
 * One line per issue, `prefix: path: message` style, for logs and start-up failures.
 */
export function formatIssueLines(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join("\n");
}
