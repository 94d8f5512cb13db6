import type { Logger } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type AppLogger, componentLogger, createLogger } from "./logger.js";
import { redactUrl } from "./redaction.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

describe("createLogger", () => {
  it("is a core Logger", () => {
    expectTypeOf<AppLogger>().toExtend<Logger>();
  });

  it("writes JSON lines with the component, the clock's time and the fields", () => {
    const { lines, destination } = capture();
    const clock = createManualClock(1_000);
    const log = createLogger({ level: "info", destination, clock });
    componentLogger(log, "http").info({ port: 8080 }, "listening");
    log.debug({}, "hidden below the level");
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, time: 1_000, component: "http", port: 8080, msg: "listening" }),
    ]);
  });

  it("censors passwords, API keys, authorization headers and card data up to three levels deep", () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: "info", destination });
    log.info({
      password: "p0",
      station: { password: "p1", passwordHash: "scrypt$..." },
      req: { headers: { authorization: "Bearer ck_ops.secret", "x-api-key": "ck_ops.secret", cookie: "s=1" } },
      body: { card: { pan: "4111111111111111", cvc: "123" }, apiKey: "ck_x.y" },
      token: "t",
    });
    const text = JSON.stringify(lines);
    for (const secret of ["p0", "p1", "scrypt$", "ck_ops.secret", "s=1", "4111", "123", "ck_x.y", '"t"']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ password: "[redacted]", station: { password: "[redacted]" } });
  });

  it("logs errors with their message and stack", () => {
    const { lines, destination } = capture();
    createLogger({ level: "info", destination }).error({ err: new Error("boom") }, "failed");
    expect(lines[0]).toMatchObject({ err: { type: "Error", message: "boom", stack: expect.stringContaining("boom") } });
  });
});

describe("redactUrl", () => {
  it("hides the password of a connection URL and nothing else", () => {
    expect(redactUrl("postgres://app:s3cret@db.internal:5432/csms")).toBe(
      "postgres://app:%5Bredacted%5D@db.internal:5432/csms",
    );
    expect(redactUrl("postgres://db/csms")).toBe("postgres://db/csms");
    expect(redactUrl("not a url with secret")).toBe("[redacted]");
  });
});
