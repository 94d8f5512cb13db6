import { describe, expect, it } from "vitest";
import { encodeCall, encodeCallResult } from "./encode.js";
import { encodeCheckedCall, encodeCheckedCallResult } from "./encode-checked.js";
import { validatePayload } from "./validate.js";

const NOW = "2026-01-01T00:00:00Z";

describe("encodeCheckedCallResult / encodeCheckedCall", () => {
  it("write a valid payload in one pass: the frame parses back to the payload", () => {
    const response = { status: "Accepted", interval: 300, currentTime: NOW };
    const out = encodeCheckedCallResult("ocpp2.0.1", "BootNotification", "m-1", response);
    expect(out).toEqual({
      ok: true,
      text: `[3,"m-1",{"currentTime":"${NOW}","interval":300,"status":"Accepted"}]`,
      relaxed: [],
    });
    if (out.ok) expect(JSON.parse(out.text)).toEqual(JSON.parse(encodeCallResult("m-1", response)));
    const call = encodeCheckedCall("ocpp1.6", 'id "q"', "Reset", { type: "Soft" });
    expect(call).toEqual({ ok: true, text: '[2,"id \\"q\\"","Reset",{"type":"Soft"}]', relaxed: [] });
  });

  it("give the validator's verdict for an invalid payload", () => {
    const bad = { currentTime: "yesterday" };
    const out = encodeCheckedCallResult("ocpp2.0.1", "Heartbeat", "m-1", bad);
    const check = validatePayload("ocpp2.0.1", "Heartbeat", "response", bad);
    expect(out).toEqual(check);
    expect(out.ok).toBe(false);
    expect(encodeCheckedCall("ocpp1.6", "1", "Teleport", {})).toEqual(
      validatePayload("ocpp1.6", "Teleport", "request", {}),
    );
  });

  it("take the reference path where the relaxation policy is needed, with the same result", () => {
    const policy = { rules: [{ relax: ["nullValue" as const], direction: "outbound" as const }] };
    const payload = { currentTime: NOW, customData: null };
    const out = encodeCheckedCallResult("ocpp2.0.1", "Heartbeat", "m-1", payload, { policy, direction: "outbound" });
    expect(out.ok).toBe(true);
    if (out.ok) {
      expect(out.relaxed.map((r) => r.relaxation)).toEqual(["nullValue"]);
      // the tolerated null was dropped, as validatePayload does
      expect(out.text).toBe(`[3,"m-1",{"currentTime":"${NOW}"}]`);
    }
  });

  it("leave vendor extensions and unconstrained values to JSON.stringify", () => {
    const payload = { vendorId: "ACME", messageId: "x", data: { anything: [1, "two", null] } };
    const out = encodeCheckedCall("ocpp2.0.1", "7", "DataTransfer", payload);
    expect(out).toEqual({ ok: true, text: encodeCall("7", "DataTransfer", payload), relaxed: [] });
    const custom = { currentTime: NOW, customData: { vendorId: "ACME", extra: 1 } };
    const result = encodeCheckedCallResult("ocpp2.0.1", "Heartbeat", "9", custom);
    expect(result).toEqual({ ok: true, text: encodeCallResult("9", custom), relaxed: [] });
  });
});
