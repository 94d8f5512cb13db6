import { type Clock, IdToken } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { registryHarness } from "../csms/harness.test-util.js";
import { createSimulatedStation } from "./station.js";

describe("a simulated station's stop", () => {
  for (const version of ["ocpp1.6", "ocpp2.0.1"] as const) {
    it(`${version}: the Transaction.End reading carries the stop's own instant, even when the clock moves meanwhile`, async () => {
      const h = registryHarness();
      // a real clock moves between two reads: this one moves a millisecond at every read
      let reads = 0;
      const moving: Clock = {
        now: () => h.clock.now() + reads++,
        setTimeout: (callback, ms) => h.clock.setTimeout(callback, ms),
        clearTimeout: (handle) => h.clock.clearTimeout(handle),
      };
      const station = createSimulatedStation({ identity: "CP-1", version, clock: moving });
      await station.connect(h.connect(version));
      const token = { value: IdToken.of("TAG-1"), kind: "ISO14443" } as const;
      station.plugIn(1);
      expect(await station.presentToken(1, token)).toBe("Authorized");
      await h.clock.advanceAsync(600_000);
      expect(await station.presentToken(1, token)).toBe("Stopped");
      await station.settled();
      await h.clock.advanceAsync(1000);
      const [ended] = h.of("transaction:ended");
      const tx = ended?.transaction;
      expect(tx?.endedAt).toBeDefined();
      expect(tx?.lastRegister?.at).toBeLessThanOrEqual(tx?.endedAt ?? 0);
      station.stop();
    });
  }
});
