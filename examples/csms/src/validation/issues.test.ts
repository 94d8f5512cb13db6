import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeValue, expectationOf, formatPath, toFieldIssues } from "./issues.js";

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value, { error: expectationOf, reportInput: true });
  return result.success ? [] : toFieldIssues("body", result.error.issues);
};

describe("field issues", () => {
  it("formats paths in JavaScript notation", () => {
    expect(formatPath("", ["sites", 1, "gridLimit", "L2"])).toBe("sites[1].gridLimit.L2");
    expect(formatPath("body", ["x-y", 0])).toBe('body["x-y"][0]');
    expect(formatPath("query", [])).toBe("query");
  });

  it("describes values briefly and hides fields that may hold secrets", () => {
    expect(describeValue("x".repeat(100))).toBe(`"${"x".repeat(37)}..."`);
    expect(describeValue([1])).toBe("an array");
    expect(describeValue({ a: 1 })).toBe("an object");
    expect(describeValue(undefined)).toBe("nothing");
    expect(describeValue("hunter2", "password")).toBe("(value hidden)");
    expect(describeValue("ck_x.y", "apiKey")).toBe("(value hidden)");
  });

  it("says what was expected and what was found", () => {
    const schema = z.strictObject({
      eta: z.number().int().min(0).max(600),
      name: z.string().min(2).max(4),
      kind: z.enum(["ac", "dc"]),
      tags: z.array(z.string()).max(1),
      email: z.email().optional(),
    });
    expect(issuesOf(schema, { eta: 1.5, name: "x", kind: "hv", tags: ["a", "b"], email: "nope", more: 1 })).toEqual([
      { path: "body.eta", message: "expected an integer, got 1.5" },
      { path: "body.name", message: 'expected at least 2 characters, got "x"' },
      { path: "body.kind", message: 'expected one of "ac", "dc", got "hv"' },
      { path: "body.tags", message: "expected at most 1 item, got an array" },
      { path: "body.email", message: 'expected a valid email, got "nope"' },
      { path: "body.more", message: "unknown field" },
    ]);
    expect(issuesOf(schema, { eta: 601, name: "abcde", kind: "ac", tags: [] })).toEqual([
      { path: "body.eta", message: "expected a number ≤ 600, got 601" },
      { path: "body.name", message: 'expected at most 4 characters, got "abcde"' },
    ]);
    expect(issuesOf(schema, "text")).toEqual([{ path: "body", message: 'expected an object, got "text"' }]);
  });
});
