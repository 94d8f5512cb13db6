import { StationId, silentLogger } from "@chargekit/core";
import { createMemoryStationCredentials } from "@chargekit/ocpp/ws";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../auth/passwords.js";
import { testConfig } from "../testing/config.js";
import { createSiteDirectory } from "../wiring/sites.js";
import { createBootPolicy } from "./boot-policy.js";
import { createStationCredentials } from "./station-credentials.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("station credentials", () => {
  it("checks a provisioned password first, then the configured hash; an unknown station is unknown", async () => {
    const provisioned = createMemoryStationCredentials();
    await provisioned.setPassword("CP-1", "provisioned-password-1");
    const configured = new Map([
      ["CP-1", await hashPassword("configured-password-1")],
      ["CP-2", await hashPassword("configured-password-2")],
    ]);
    const credentials = createStationCredentials(provisioned, configured);
    expect(await credentials.verify("CP-1", bytes("provisioned-password-1"))).toBe("valid");
    expect(await credentials.verify("CP-1", bytes("configured-password-1"))).toBe("invalid"); // replaced
    expect(await credentials.verify("CP-2", bytes("configured-password-2"))).toBe("valid");
    expect(await credentials.verify("CP-2", bytes("configured-password-1"))).toBe("invalid");
    expect(await credentials.verify("CP-3", bytes("anything-at-all-123"))).toBe("unknown");
  });
});

describe("boot policy", () => {
  const boot = { vendor: "ACME", model: "One" };
  const ask = (policy: ReturnType<typeof createBootPolicy>, id: string) =>
    policy({ stationId: StationId.of(id), version: "ocpp1.6", boot, previous: undefined });

  it("accepts declared stations and rejects the others; with none declared it accepts every station", async () => {
    const closed = createBootPolicy(createSiteDirectory(testConfig([])), silentLogger);
    expect(await ask(closed, "CP-1")).toEqual({ status: "Accepted" });
    expect(await ask(closed, "CP-9")).toEqual({ status: "Rejected" });
    const open = createBootPolicy(createSiteDirectory(testConfig([], { stations: [], sites: [] })), silentLogger);
    expect(await ask(open, "CP-9")).toEqual({ status: "Accepted" });
  });
});
