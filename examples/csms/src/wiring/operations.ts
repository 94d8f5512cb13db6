import type { OperationsStore } from "../store/operations-store.js";
import { createPostgresOperationsStore } from "../store/postgres-operations-store.js";
import { sqlOf } from "../store/sql.js";
import type { CsmsServices } from "./services.js";

declare module "./services.js" {
  interface ServiceSlots {
    /** Site limits, demand-response events and queue waits (the first of their modules to start provides it). */
    operations: OperationsStore;
  }
}

/**
 * The store of site limits, demand-response events and queue waits: the one provided (tests provide a memory
 * store), else one on the storage module's database, provided for the modules after it.
 */
export function operationsStoreOf(services: CsmsServices): OperationsStore {
  const provided = services.get("operations");
  if (provided !== undefined) return provided;
  const store = createPostgresOperationsStore(sqlOf(services.need("storage").client, "operations-store"));
  services.provide("operations", store);
  return store;
}
