/**
 * Golden frames for every OCPP-J rule that research note §8 says implementers get wrong, per version: a frame in,
 * the exact frame out (or silence). The expected frames are written out by hand from the specifications.
 */
import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it } from "vitest";
import { createRpcEndpoint } from "../rpc/endpoint.js";
import type { OcppVersion } from "../schema/versions.js";
import { createLoopbackWire } from "../testing/loopback.js";
import { encodeCall, encodeCallError, encodeCallResult } from "./encode.js";
import type { RelaxationPolicy } from "./relaxation.js";

const NOW = "2026-01-01T00:00:00Z";
const LONG_ID = "0123456789012345678901234567890123456789"; // 40 characters

/** Feeds `input` to a CSMS endpoint (with Heartbeat and StopTransaction/SetChargingProfile handlers) and returns what it wrote. */
async function answer(version: OcppVersion, input: string, relaxation?: RelaxationPolicy): Promise<string[]> {
  const [wire] = createLoopbackWire();
  const endpoint = createRpcEndpoint({
    role: "csms",
    version,
    identity: "CP-1",
    transport: wire,
    clock: createManualClock(),
    ...(relaxation === undefined ? {} : { relaxation }),
    maxFrameBytes: 200,
  });
  endpoint.handlers.handle(version, "Heartbeat", () => ({ currentTime: NOW }));
  if (version === "ocpp1.6") endpoint.handlers.handle("ocpp1.6", "StopTransaction", () => ({}));
  endpoint.receive(input);
  await new Promise((resolve) => setTimeout(resolve, 0));
  return [...wire.sent];
}

type Case = readonly [rule: string, input: string, expected: Partial<Record<OcppVersion, string | null>>];

const cases: readonly Case[] = [
  // §8.1 error-code spelling per version (emit canonical)
  [
    "undeclared property: 1.6 FormationViolation, 2.x ProtocolError",
    `[2,"1","Heartbeat",{"x":1}]`,
    {
      "ocpp1.6": `[4,"1","FormationViolation","Heartbeat request: /x: property not allowed",{}]`,
      "ocpp2.0.1": `[4,"1","ProtocolError","Heartbeat request: /x: property not allowed",{}]`,
      "ocpp2.1": `[4,"1","ProtocolError","Heartbeat request: /x: property not allowed",{}]`,
    },
  ],
  [
    "payload not an object: 1.6 FormationViolation, 2.x FormatViolation",
    `[2,"1","Heartbeat",[]]`,
    {
      "ocpp1.6": `[4,"1","FormationViolation","payload is not a JSON object",{}]`,
      "ocpp2.0.1": `[4,"1","FormatViolation","payload is not a JSON object",{}]`,
      "ocpp2.1": `[4,"1","FormatViolation","payload is not a JSON object",{}]`,
    },
  ],
  // §8.2 NotImplemented vs NotSupported
  [
    "unknown action: NotImplemented",
    `[2,"1","Teleport",{}]`,
    {
      "ocpp1.6": `[4,"1","NotImplemented","unknown action \\"Teleport\\"",{}]`,
      "ocpp2.0.1": `[4,"1","NotImplemented","unknown action \\"Teleport\\"",{}]`,
      "ocpp2.1": `[4,"1","NotImplemented","unknown action \\"Teleport\\"",{}]`,
    },
  ],
  [
    "known action without handler: NotSupported",
    `[2,"1","Authorize",{"idTag":"A"}]`,
    { "ocpp1.6": `[4,"1","NotSupported","Authorize is not supported here",{}]` },
  ],
  // §8.3 message id: string of at most 36 characters
  [
    "message id longer than 36 characters: echoed with the frame-level code",
    `[2,"${LONG_ID}","Heartbeat",{}]`,
    {
      "ocpp1.6": `[4,"${LONG_ID}","FormationViolation","message id longer than 36 characters",{}]`,
      "ocpp2.0.1": `[4,"${LONG_ID}","RpcFrameworkError","message id longer than 36 characters",{}]`,
      "ocpp2.1": `[4,"${LONG_ID}","RpcFrameworkError","message id longer than 36 characters",{}]`,
    },
  ],
  [
    "message id not a string: -1 in 2.x, silence in 1.6",
    `[2,17,"Heartbeat",{}]`,
    {
      "ocpp1.6": null,
      "ocpp2.0.1": `[4,"-1","RpcFrameworkError","message id is not a non-empty string",{}]`,
      "ocpp2.1": `[4,"-1","RpcFrameworkError","message id is not a non-empty string",{}]`,
    },
  ],
  // §8.4 CALLERROR shape and "-1" for unreadable ids; never echo invalid JSON
  [
    "invalid JSON: -1 in 2.x (never echoing the input), silence in 1.6",
    `[2,"1","Heartbeat",{`,
    {
      "ocpp1.6": null,
      "ocpp2.0.1": `[4,"-1","RpcFrameworkError","frame is not valid JSON",{}]`,
      "ocpp2.1": `[4,"-1","RpcFrameworkError","frame is not valid JSON",{}]`,
    },
  ],
  [
    "CALL with 3 elements",
    `[2,"1","Heartbeat"]`,
    {
      "ocpp1.6": `[4,"1","FormationViolation","a CALL has 4 elements, got 3",{}]`,
      "ocpp2.0.1": `[4,"1","RpcFrameworkError","a CALL has 4 elements, got 3",{}]`,
    },
  ],
  [
    "a CALLRESULT nobody asked for is never answered",
    `[3,"1",{}]`,
    { "ocpp1.6": null, "ocpp2.0.1": null, "ocpp2.1": null },
  ],
  [
    "a malformed CALLERROR is never answered",
    `[4,"1","GenericError"]`,
    { "ocpp1.6": null, "ocpp2.0.1": null, "ocpp2.1": null },
  ],
  // §8.5 unknown message type: 1.6 ignore, 2.0.1 MessageTypeNotSupported, 2.1 ignore
  [
    "unknown message type 7",
    `[7,"1",{}]`,
    {
      "ocpp1.6": null,
      "ocpp2.0.1": `[4,"1","MessageTypeNotSupported","message type 7 is not supported",{}]`,
      "ocpp2.1": null,
    },
  ],
  // §8.6 CALLRESULTERROR (5) and SEND (6) exist in 2.1 only
  [
    "CALLRESULTERROR outside 2.1 is an unknown message type",
    `[5,"1","GenericError","",{}]`,
    {
      "ocpp1.6": null,
      "ocpp2.0.1": `[4,"1","MessageTypeNotSupported","message type 5 is not supported",{}]`,
      "ocpp2.1": null,
    },
  ],
  [
    "SEND is never answered, in 2.1 even when invalid",
    `[6,"1","NotifyPeriodicEventStream",{"bogus":1}]`,
    {
      "ocpp1.6": null,
      "ocpp2.0.1": `[4,"1","MessageTypeNotSupported","message type 6 is not supported",{}]`,
      "ocpp2.1": null,
    },
  ],
  // §8.8 null payload accepted inbound, {} emitted
  [
    "null payload is accepted",
    `[2,"1","Heartbeat",null]`,
    {
      "ocpp1.6": `[3,"1",{"currentTime":"${NOW}"}]`,
      "ocpp2.0.1": `[3,"1",{"currentTime":"${NOW}"}]`,
      "ocpp2.1": `[3,"1",{"currentTime":"${NOW}"}]`,
    },
  ],
  [
    "null for an optional field is a type violation (strict)",
    `[2,"1","Heartbeat",{"customData":null}]`,
    {
      "ocpp2.0.1": `[4,"1","TypeConstraintViolation","Heartbeat request: /customData: null is not allowed (omit the property instead)",{}]`,
    },
  ],
  // §8.9 schema quirks: Celcius and Celsius; multipleOf on floats
  [
    "1.6 StopTransaction accepts Celsius although its schema spells only Celcius",
    `[2,"1","StopTransaction",{"meterStop":1,"timestamp":"${NOW}","transactionId":1,"transactionData":[{"timestamp":"${NOW}","sampledValue":[{"value":"21","unit":"Celsius"}]}]}]`,
    { "ocpp1.6": `[3,"1",{}]` },
  ],
  [
    "a frame over the size limit is refused with GenericError, answering the id it starts with",
    `[2,"big","Heartbeat",{"x":"${"a".repeat(300)}"}]`,
    {
      "ocpp1.6": `[4,"big","GenericError","frame larger than 200 bytes",{}]`,
      "ocpp2.0.1": `[4,"big","GenericError","frame larger than 200 bytes",{}]`,
    },
  ],
  [
    "an empty frame is a malformed frame when strict",
    "",
    { "ocpp1.6": null, "ocpp2.0.1": `[4,"-1","RpcFrameworkError","empty frame",{}]` },
  ],
];

describe("golden frames (research §8), per version", () => {
  for (const [rule, input, expected] of cases) {
    for (const [version, output] of Object.entries(expected) as [OcppVersion, string | null][]) {
      it(`${version}: ${rule}`, async () => {
        expect(await answer(version, input)).toEqual(output === null ? [] : [output]);
      });
    }
  }

  it("relaxed: an empty frame is ignored", async () => {
    expect(await answer("ocpp2.0.1", "  ", { rules: [{ relax: ["emptyFrame"] }] })).toEqual([]);
  });
});

describe("encoding", () => {
  it("always writes five CALLERROR elements, {} details and the version's spelling", () => {
    expect(encodeCallError("ocpp1.6", "1", "OccurrenceConstraintViolation")).toBe(
      `[4,"1","OccurenceConstraintViolation","",{}]`,
    );
    expect(encodeCallError("ocpp2.0.1", "1", "OccurrenceConstraintViolation", "x", null)).toBe(
      `[4,"1","OccurrenceConstraintViolation","x",{}]`,
    );
    expect(encodeCallError("ocpp1.6", "1", "FormatViolation")).toBe(`[4,"1","FormationViolation","",{}]`);
    expect(encodeCallError("ocpp2.1", "1", "FormatViolation")).toBe(`[4,"1","FormatViolation","",{}]`);
  });

  it("cuts descriptions to 255 characters", () => {
    const frame = JSON.parse(encodeCallError("ocpp2.0.1", "1", "GenericError", "é".repeat(300))) as unknown[];
    expect((frame[3] as string).length).toBe(255);
  });

  it("writes {} for a missing or null payload", () => {
    expect(encodeCall("1", "Heartbeat", null)).toBe(`[2,"1","Heartbeat",{}]`);
    expect(encodeCallResult("1", undefined)).toBe(`[3,"1",{}]`);
  });
});
