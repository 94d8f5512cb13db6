import { DriverId } from "@chargekit/core";
import { generateApiKey } from "../auth/api-keys.js";
import type { ApiKeyConfig } from "../config/api-keys.js";

/** API keys for tests: one per role, two drivers, and an operator of another tenant. */
export function testKeys() {
  const operator = generateApiKey("ops");
  const otherTenant = generateApiKey("ops-other");
  const driverA = generateApiKey("app-a");
  const driverB = generateApiKey("app-b");
  const navigation = generateApiKey("nav");
  const entries: ApiKeyConfig[] = [
    { id: "ops", role: "operator", hash: operator.hash, tenant: "default" },
    { id: "ops-other", role: "operator", hash: otherTenant.hash, tenant: "other" },
    { id: "app-a", role: "driver-app", hash: driverA.hash, tenant: "default", driverId: DriverId.of("driver-a") },
    { id: "app-b", role: "driver-app", hash: driverB.hash, tenant: "default", driverId: DriverId.of("driver-b") },
    { id: "nav", role: "navigation-app", hash: navigation.hash, tenant: "default" },
  ];
  return {
    entries,
    operator: operator.key,
    otherTenant: otherTenant.key,
    driverA: driverA.key,
    driverB: driverB.key,
    navigation: navigation.key,
  };
}
