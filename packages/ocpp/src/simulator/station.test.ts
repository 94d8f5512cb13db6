import { IdToken, StationId } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { registryHarness } from "../csms/harness.test-util.js";
import type { OcppVersion } from "../schema/versions.js";
import { createLoopbackPair } from "../testing/loopback.js";
import { createSimulatedStation } from "./station.js";

const token = { value: IdToken.of("TAG-1"), kind: "ISO14443" } as const;

async function setup(version: OcppVersion, config: Record<string, string> = {}) {
  const h = registryHarness();
  const pair = createLoopbackPair({ version, identity: "CP-1", clock: h.clock });
  h.registry.attach(pair.csms);
  const station = createSimulatedStation({ identity: "CP-1", version, evses: 2, clock: h.clock, config });
  const registration = await station.connect(pair.station);
  return { ...h, station, pair, registration };
}

for (const version of ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"] as const) {
  describe(`simulated ${version} station against the registry`, () => {
    it("boots, charges an EV for an hour and stops: the CSMS's energy equals the station's meter, no rule broken", async () => {
      const h = await setup(version, { MeterValueSampleInterval: "300" });
      expect(h.registration).toBe("Accepted");
      h.station.plugIn(1);
      expect(await h.station.presentToken(1, token)).toBe("Authorized");
      await h.clock.advanceAsync(3_600_000);
      const running = h.station.evse(1);
      expect(running.powerW).toBe(11_000); // the EV takes 11 kW, the EVSE could give 11,040 W
      expect(await h.station.presentToken(1, token)).toBe("Stopped");
      h.station.unplug(1);
      await h.clock.advanceAsync(1000);
      await h.station.settled();
      await h.clock.advanceAsync(1000);
      const ended = h.of("transaction:ended");
      expect(ended).toHaveLength(1);
      const tx = ended[0]?.transaction;
      expect(tx?.complete).toBe(true);
      expect(tx?.energyWh).toBe(11_000);
      expect(h.station.evse(1).meterWh).toBe(11_000);
      expect(h.of("protocol:violation")).toEqual([]);
      expect(h.registry.view(StationId.of("CP-1"))?.evses.find((e) => e.id === 1)?.connectors[0]?.status).toBe(
        "Available",
      );
      expect(await h.station.queued()).toBe(0);
    });
  });
}
