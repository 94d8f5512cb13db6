// One process of the booking race: POOL connections, each sending ATTEMPTS bookings or cancellations that
// collide with the other process's (a few sites, EVSEs and start times), through the PostgreSQL reservation store.
import { DriverId, HOUR, MINUTE, seededRandom } from "@chargekit/core";
import { transition } from "@chargekit/reservations";
import { sampleReservation } from "@chargekit/reservations/testing";
import pg from "pg";
import { createPostgresReservationStore } from "../src/reservations/reservation-store.js";
import { waitForGo } from "./spawn-worker.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const url = env("RACE_URL");
const worker = Number(env("RACE_WORKER"));
const connections = Number(env("RACE_CONNECTIONS"));
const attempts = Number(env("RACE_ATTEMPTS"));
const T0 = Date.UTC(2026, 0, 1);

export interface Outcome {
  readonly kind: "booked" | "cancelled" | "overlap" | "stale" | "duplicate" | "driver_limit" | "error";
  readonly id?: number;
  readonly message?: string;
}

const pool = new pg.Pool({ connectionString: url, max: connections });
pool.on("error", () => {});
const store = createPostgresReservationStore({ client: pool });
// open every connection before the start signal, so the race starts at once
await Promise.all(Array.from({ length: connections }, () => pool.query("SELECT 1")));
await waitForGo();

const outcomes: Outcome[] = [];
await Promise.all(
  Array.from({ length: connections }, async (_, c) => {
    const next = seededRandom(worker * 1000 + c + 1);
    const mine: { id: number; version: number; record: ReturnType<typeof sampleReservation> }[] = [];
    for (let a = 0; a < attempts; a++) {
      try {
        if (mine.length > 0 && next() < 0.2) {
          const [target] = mine.splice(Math.floor(next() * mine.length), 1);
          if (target === undefined) continue;
          const cancelled = transition(target.record, { type: "cancel", at: T0, by: "driver" }).reservation;
          const result = await store.commit({ updates: [{ next: cancelled, expectedVersion: target.version }] });
          outcomes.push(result.ok ? { kind: "cancelled", id: target.id } : { kind: result.error.kind, id: target.id });
          continue;
        }
        const start = T0 + 2 * HOUR + Math.floor(next() * 16) * 15 * MINUTE;
        const held = sampleReservation({
          id: await store.nextId(),
          site: `site-${Math.floor(next() * 2)}`,
          evse: `evse-${Math.floor(next() * 3)}`,
          driver: `driver-${worker}-${c}`,
          window: { start, end: start + (1 + Math.floor(next() * 4)) * 15 * MINUTE },
          now: T0,
        });
        const booking = transition(held, { type: "confirm", at: T0 }).reservation;
        const result = await store.commit({
          creates: [booking],
          driverLimit: { driver: DriverId.of(`driver-${worker}-${c}`), max: 1000 },
        });
        if (result.ok) mine.push({ id: booking.id, version: 1, record: booking });
        outcomes.push(result.ok ? { kind: "booked", id: booking.id } : { kind: result.error.kind, id: booking.id });
      } catch (error) {
        outcomes.push({ kind: "error", message: error instanceof Error ? error.message : String(error) });
      }
    }
  }),
);
await pool.end();
process.stdout.write(`${JSON.stringify({ worker, outcomes })}\n`);
