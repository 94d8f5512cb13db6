import { describeStationStoreContract } from "../testing/station-store.contract.js";
import { describeTransactionStoreContract } from "../testing/transaction-store.contract.js";
import { createMemoryStationStore } from "./memory-station-store.js";
import { createMemoryTransactionStore } from "./memory-transaction-store.js";

describeStationStoreContract("memory", () => createMemoryStationStore());

describeTransactionStoreContract("memory", () => {
  const store = createMemoryTransactionStore();
  return { store, another: () => store };
});
