// The booking stream of the storage benchmark: confirmed EVSE-specific bookings over a fleet of sites, with random
// windows on a one-week horizon, so that a part of them collides with earlier ones (the conflict check refuses
// those). The same stream is replayed on every store.
import { DriverId, HOUR, MINUTE, seededRandom } from "@chargekit/core";
import { type Reservation, type ReservationStore, transition } from "@chargekit/reservations";
import { sampleReservation } from "@chargekit/reservations/testing";

/** One booking request: where and when. */
export interface BookingRequest {
  readonly site: string;
  readonly evse: string;
  readonly driver: string;
  readonly start: number;
  readonly minutes: number;
}

const T0 = Date.UTC(2026, 0, 5);

/** `count` requests over `sites` sites × `evses` EVSEs, windows of 30–120 min starting on a 15-min grid in one week. */
export function bookingStream(count: number, sites = 20, evses = 6, seed = 7): BookingRequest[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    site: `site-${Math.floor(random() * sites)}`,
    evse: `evse-${Math.floor(random() * evses)}`,
    driver: `driver-${i % 500}`,
    start: T0 + Math.floor(random() * 7 * 24 * 4) * 15 * MINUTE,
    minutes: 30 + Math.floor(random() * 4) * 30,
  }));
}

/** One booking as the engine makes it: a fresh id, then an atomic, conflict-checked create with a driver limit. */
export async function book(store: ReservationStore, request: BookingRequest): Promise<boolean> {
  const held: Reservation = sampleReservation({
    id: await store.nextId(),
    site: request.site,
    evse: request.evse,
    driver: request.driver,
    window: { start: request.start, end: request.start + request.minutes * MINUTE },
    now: T0 - HOUR,
  });
  const confirmed = transition(held, { type: "confirm", at: T0 - HOUR }).reservation;
  const result = await store.commit({
    creates: [confirmed],
    driverLimit: { driver: DriverId.of(request.driver), max: 1_000 },
  });
  return result.ok;
}

/**
 * Books the whole stream with `clients` concurrent callers; returns the elapsed ms, how many were accepted and the
 * latency of each booking (ms).
 */
export async function run(
  store: ReservationStore,
  stream: readonly BookingRequest[],
  clients = 1,
): Promise<{ ms: number; accepted: number; latencies: number[] }> {
  let next = 0;
  let accepted = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < stream.length; i = next++) {
        const t = performance.now();
        if (await book(store, stream[i] as BookingRequest)) accepted++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { ms: performance.now() - started, accepted, latencies };
}

/** The p-th percentile (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
