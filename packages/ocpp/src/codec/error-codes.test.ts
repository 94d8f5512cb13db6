import { describe, expect, it } from "vitest";
import { OCPP_VERSIONS } from "../schema/versions.js";
import { VIOLATION_KINDS } from "../validation/violation.js";
import {
  errorCodeForProblem,
  errorCodeForViolation,
  parseErrorCode,
  RPC_ERROR_CODES,
  RPC_PROBLEMS,
  SPEC_ERROR_CODES,
  wireErrorCode,
} from "./error-codes.js";

describe("RPC error codes against the spec tables", () => {
  it("the tables have the spellings of each version's specification", () => {
    expect(SPEC_ERROR_CODES["ocpp1.6"]).toContain("FormationViolation");
    expect(SPEC_ERROR_CODES["ocpp1.6"]).toContain("OccurenceConstraintViolation");
    expect(SPEC_ERROR_CODES["ocpp1.6"]).not.toContain("FormatViolation");
    expect(SPEC_ERROR_CODES["ocpp1.6"]).not.toContain("RpcFrameworkError");
    for (const v of ["ocpp2.0.1", "ocpp2.1"] as const) {
      expect(SPEC_ERROR_CODES[v]).toContain("FormatViolation");
      expect(SPEC_ERROR_CODES[v]).toContain("OccurrenceConstraintViolation");
      expect(SPEC_ERROR_CODES[v]).toContain("MessageTypeNotSupported");
      expect(SPEC_ERROR_CODES[v]).not.toContain("FormationViolation");
    }
    expect(SPEC_ERROR_CODES["ocpp1.6"]).toHaveLength(10);
    expect(SPEC_ERROR_CODES["ocpp2.0.1"]).toHaveLength(12);
  });

  it("emits only codes the version's table lists, whatever we answer", () => {
    for (const version of OCPP_VERSIONS) {
      for (const code of Object.values(RPC_ERROR_CODES)) {
        expect(SPEC_ERROR_CODES[version], `${version} ${code}`).toContain(wireErrorCode(version, code));
      }
      for (const problem of Object.values(RPC_PROBLEMS)) {
        expect(SPEC_ERROR_CODES[version]).toContain(wireErrorCode(version, errorCodeForProblem(version, problem)));
      }
      for (const kind of Object.values(VIOLATION_KINDS)) {
        expect(SPEC_ERROR_CODES[version]).toContain(wireErrorCode(version, errorCodeForViolation(version, kind)));
      }
    }
  });

  it("understands every spelling of every version inbound, and round-trips each version's own", () => {
    for (const version of OCPP_VERSIONS) {
      for (const wire of SPEC_ERROR_CODES[version]) {
        const code = parseErrorCode(wire);
        expect(code, wire).toBeDefined();
        if (code !== undefined) expect(wireErrorCode(version, code)).toBe(wire);
      }
    }
    expect(parseErrorCode("FormationViolation")).toBe("FormatViolation");
    expect(parseErrorCode("OccurenceConstraintViolation")).toBe("OccurrenceConstraintViolation");
    expect(parseErrorCode("TotallyMadeUp")).toBeUndefined();
  });

  it("maps the RPC-level problems the way the spec defines the codes", () => {
    expect(errorCodeForProblem("ocpp2.0.1", "malformedFrame")).toBe("RpcFrameworkError");
    expect(errorCodeForProblem("ocpp1.6", "malformedFrame")).toBe("FormatViolation");
    expect(errorCodeForProblem("ocpp2.0.1", "unknownMessageType")).toBe("MessageTypeNotSupported");
    expect(errorCodeForProblem("ocpp2.1", "refused")).toBe("SecurityError");
    expect(errorCodeForViolation("ocpp1.6", "required")).toBe("ProtocolError");
    expect(errorCodeForViolation("ocpp2.0.1", "required")).toBe("OccurrenceConstraintViolation");
  });
});
