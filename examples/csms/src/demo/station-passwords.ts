import { readFile } from "node:fs/promises";
import type { SecureContextOptions } from "node:tls";
import type { StationId } from "@chargekit/core";
import { generatePassword } from "../api/operator/stations.js";
import type { Config } from "../config/schema.js";

/** What the demo stations present to the server: a password per station, and whom to trust over TLS. */
export interface DemoCredentials {
  /** Basic-auth passwords (profiles 1 and 2); empty for profile 0. */
  readonly passwords: ReadonlyMap<string, string>;
  /** The CA of the server's certificate (profile 2). */
  readonly tls?: Pick<SecureContextOptions, "ca">;
}

/** Where provisioned station passwords go (the station-credentials store: only hashes are kept). */
export interface PasswordSink {
  /** Sets (or replaces) the password of a station. */
  setPassword(identity: string, password: string): Promise<void>;
}

/**
 * Why the demo cannot connect its stations under this configuration, or `undefined` when it can: security profile 3
 * needs a client certificate per station, which the demo does not have.
 */
export function demoSecurityProblem(config: Pick<Config, "ocpp">): string | undefined {
  return config.ocpp.securityProfile === 3
    ? "security profile 3 needs a client certificate per station; the demo fleet has none"
    : undefined;
}

/**
 * Provisions a fresh random password for every demo station, as an operator would through
 * `PUT /api/v1/stations/{id}/password` (stored as a salted scrypt hash, replacing a configured `passwordHash`), and
 * keeps the passwords in memory for the stations to present. Profile 0 needs none; profile 2 trusts the configured CA
 * (or the server's own certificate, when self-signed).
 */
export async function provisionDemoCredentials(
  config: Pick<Config, "ocpp">,
  stations: readonly StationId[],
  sink: PasswordSink,
): Promise<DemoCredentials> {
  const { securityProfile, tls } = config.ocpp;
  const passwords = new Map<string, string>();
  if (securityProfile === 1 || securityProfile === 2) {
    for (const id of stations) {
      const password = generatePassword();
      await sink.setPassword(id, password);
      passwords.set(id, password);
    }
  }
  if (securityProfile === 2 && tls !== undefined) {
    return { passwords, tls: { ca: await readFile(tls.caFile ?? tls.certFile) } };
  }
  return { passwords };
}
