/**
 * Test 4 of the issue: random and mutated frames never throw out of the endpoint, and the endpoint answers each
 * with the version-correct reply or with silence. The expectations below are written from the OCPP-J rules, not
 * from the decoder's code.
 */
import { createManualClock } from "@chargekit/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SPEC_ERROR_CODES } from "../codec/error-codes.js";
import { validatePayload } from "../codec/validate.js";
import type { OcppVersion } from "../schema/versions.js";
import { createLoopbackWire } from "../testing/loopback.js";
import { createRpcEndpoint } from "./endpoint.js";

const NOW = "2026-01-01T00:00:00Z";

const valid: Record<OcppVersion, unknown[][]> = {
  "ocpp1.6": [
    [2, "a1", "Heartbeat", {}],
    [2, "a2", "Authorize", { idTag: "TAG-1" }],
    [2, "a3", "BootNotification", { chargePointVendor: "ACME", chargePointModel: "X" }],
    [3, "r1", { status: "Accepted" }],
    [4, "e1", "GenericError", "", {}],
  ],
  "ocpp2.0.1": [
    [2, "a1", "Heartbeat", {}],
    [2, "a2", "Authorize", { idToken: { idToken: "T", type: "ISO14443" } }],
    [2, "a3", "BootNotification", { reason: "PowerUp", chargingStation: { model: "X", vendorName: "ACME" } }],
    [3, "r1", {}],
    [4, "e1", "FormatViolation", "bad", {}],
  ],
  "ocpp2.1": [
    [2, "a1", "Heartbeat", {}],
    [2, "a2", "Authorize", { idToken: { idToken: "T", type: "ISO14443" } }],
    [6, "s1", "NotifyPeriodicEventStream", { id: 1, pending: 0, basetime: NOW, data: [{ t: 0, v: "1" }] }],
    [5, "x1", "GenericError", "", {}],
    [3, "r1", {}],
  ],
};

const jsonValue = fc.jsonValue({ maxDepth: 3 });

function mutatedFrame(version: OcppVersion): fc.Arbitrary<string> {
  const base = fc.constantFrom(...valid[version]);
  return fc.oneof(
    base.map((f) => JSON.stringify(f)),
    fc.tuple(base, fc.nat(5), jsonValue).map(([f, i, v]) => {
      const copy = [...f];
      copy[i] = v;
      return JSON.stringify(copy);
    }),
    fc.tuple(base, fc.nat(5)).map(([f, i]) => JSON.stringify(f.filter((_, k) => k !== i))),
    fc.tuple(base, jsonValue).map(([f, v]) => JSON.stringify([...f, v])),
    fc.tuple(base, fc.nat(80)).map(([f, cut]) => JSON.stringify(f).slice(0, cut)),
    fc.tuple(base, fc.string({ maxLength: 50 })).map(([f, id]) => JSON.stringify([f[0], id, ...f.slice(2)])),
    fc.tuple(fc.integer({ min: -2, max: 12 }), fc.string({ maxLength: 40 }), jsonValue).map((f) => JSON.stringify(f)),
    fc.string({ maxLength: 60 }),
    jsonValue.map((v) => JSON.stringify(v)),
  );
}

/** What the rules say about one input frame. */
function expectedShape(version: OcppVersion, text: string): "reply" | "silence" | "reply-or-silence" | "unknown-type" {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return version === "ocpp1.6" ? "silence" : "reply-or-silence";
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== "number" || !Number.isInteger(parsed[0])) {
    return version === "ocpp1.6" ? "silence" : "reply-or-silence";
  }
  const type = parsed[0];
  const known = type === 2 || type === 3 || type === 4 || (version === "ocpp2.1" && (type === 5 || type === 6));
  if (!known) return version === "ocpp2.0.1" ? "unknown-type" : "silence";
  if (type !== 2) return "silence"; // only a CALL is ever answered; SEND never
  const id = parsed[1];
  const readable = typeof id === "string" && id.length > 0 && id.length <= 255;
  return readable || version !== "ocpp1.6" ? "reply" : "silence";
}

async function run(version: OcppVersion, text: string): Promise<string[]> {
  const [wire] = createLoopbackWire();
  const endpoint = createRpcEndpoint({
    role: "csms",
    version,
    identity: "FUZZ",
    transport: wire,
    clock: createManualClock(),
    maxBadMessages: Number.POSITIVE_INFINITY,
  });
  endpoint.handle(version, "Heartbeat", () => ({ currentTime: NOW }));
  endpoint.handle(version, "Authorize", () =>
    version === "ocpp1.6" ? { idTagInfo: { status: "Accepted" } } : { idTokenInfo: { status: "Accepted" } },
  );
  expect(() => endpoint.receive(text)).not.toThrow();
  await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return [...wire.sent];
}

describe("fuzz: random and mutated frames", () => {
  for (const version of ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"] as const) {
    it(`${version}: never throws; answers with the version-correct reply or stays silent`, async () => {
      await fc.assert(
        fc.asyncProperty(mutatedFrame(version), async (text) => {
          const out = await run(version, text);
          const shape = expectedShape(version, text);
          expect(out.length).toBeLessThanOrEqual(1);
          if (shape === "silence") expect(out).toEqual([]);
          if (shape === "reply") expect(out).toHaveLength(1);
          const [reply] = out;
          if (reply === undefined) return;
          const frame = JSON.parse(reply) as unknown[];
          let input: unknown[] = [];
          try {
            const parsed: unknown = JSON.parse(text);
            if (Array.isArray(parsed)) input = parsed;
          } catch {
            // unreadable: only "-1" can answer it
          }
          const inputId = input[1];
          if (frame[0] === 3) {
            expect(input[0]).toBe(2);
            expect(frame).toHaveLength(3);
            expect(frame[1]).toBe(inputId);
            const check = validatePayload(version, String(input[2]), "response", frame[2]);
            expect(check.ok).toBe(true);
            return;
          }
          expect(frame[0]).toBe(4);
          expect(frame).toHaveLength(5);
          expect(SPEC_ERROR_CODES[version]).toContain(frame[2]);
          expect(typeof frame[3]).toBe("string");
          expect((frame[3] as string).length).toBeLessThanOrEqual(255);
          expect(frame[4]).toEqual({});
          if (shape === "unknown-type") expect(frame[2]).toBe("MessageTypeNotSupported");
          if (frame[1] === "-1") expect(version).not.toBe("ocpp1.6");
          else expect(frame[1]).toBe(inputId);
        }),
        { numRuns: 400 },
      );
    });
  }
});
