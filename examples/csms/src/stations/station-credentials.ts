import type { StationCredentials } from "@chargekit/ocpp/ws";
import { verifyPassword } from "../auth/passwords.js";

/**
 * Station passwords from two places: those provisioned at run time (the operator API, kept as salted scrypt
 * hashes in the database) first, then the configuration's `stations[].passwordHash`. A provisioned password
 * therefore replaces a configured one without editing the file. Both only ever hold hashes.
 */
export function createStationCredentials(
  provisioned: StationCredentials,
  configured: ReadonlyMap<string, string>,
): StationCredentials {
  return {
    async verify(identity, password) {
      const stored = await provisioned.verify(identity, password);
      if (stored !== "unknown") return stored;
      const hash = configured.get(identity);
      if (hash === undefined) return "unknown";
      return (await verifyPassword(password, hash)) ? "valid" : "invalid";
    },
  };
}
