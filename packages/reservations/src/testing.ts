/**
 * Test helpers of `@chargekit/reservations`: the `ReservationStore` contract suite every store adapter runs
 * (needs vitest), and a valid sample record.
 *
 * @module
 */
export { type SampleReservationOptions, sampleReservation } from "./testing/fixtures.js";
export { describeReservationStoreContract } from "./testing/reservation-store.contract.js";
