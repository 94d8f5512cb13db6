import { StationId } from "@chargekit/core";
import { CommandFailure, type CommandFailureCode } from "@chargekit/ocpp";
import { describe, expect, it } from "vitest";
import { mapError } from "../http/errors.js";
import { COMMAND_ERROR_STATUSES, commandError } from "./common.js";

const cp = StationId.of("CP-7");

describe("command failures as HTTP errors", () => {
  it("names the station and maps every failure to a status", () => {
    const expected: Record<CommandFailureCode, [string, number]> = {
      NOT_CONNECTED: ["STATION_OFFLINE", 409],
      CLOSED: ["STATION_OFFLINE", 409],
      NOT_ACCEPTED: ["STATION_NOT_ACCEPTED", 409],
      UNSUPPORTED: ["UNSUPPORTED_BY_STATION", 422],
      INVALID_ARGUMENT: ["INVALID_INPUT", 400],
      QUEUE_FULL: ["STATION_BUSY", 429],
      TIMEOUT: ["STATION_TIMEOUT", 504],
      CALL_ERROR: ["STATION_ERROR", 502],
      INVALID_RESPONSE: ["STATION_ERROR", 502],
      ABORTED: ["ABORTED", 503],
    };
    for (const [code, [mapped, status]] of Object.entries(expected)) {
      const error = commandError(new CommandFailure(code as CommandFailureCode, cp, "what happened"));
      expect(error.code, code).toBe(mapped);
      expect(mapError(error, "r-1", COMMAND_ERROR_STATUSES).status, code).toBe(status);
    }
    expect(commandError(new CommandFailure("NOT_CONNECTED", cp, "x")).message).toBe("station CP-7 is not connected");
  });

  it("names the OCPP field a station's version refuses", () => {
    const error = commandError(
      new CommandFailure("INVALID_ARGUMENT", cp, "bad", {
        violations: [{ kind: "maxLength", path: "/idTag", expected: 20 }],
      }),
    );
    expect(mapError(error, "r-1").body.error.details).toEqual([
      { path: "ocpp.idTag", message: "/idTag: longer than 20 characters" },
    ]);
  });
});
