import { describePaymentStoreContract } from "../testing/payment-store.contract.js";
import { createMemoryPaymentStore } from "./memory-payment-store.js";

describePaymentStoreContract("memory", () => createMemoryPaymentStore());
