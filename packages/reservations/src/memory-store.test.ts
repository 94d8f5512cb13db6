import { createMemoryReservationStore } from "./memory-store.js";
import { describeReservationStoreContract } from "./testing/reservation-store.contract.js";

describeReservationStoreContract("memory", () => createMemoryReservationStore());
