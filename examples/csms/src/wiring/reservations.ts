import { type DriverId, IdToken, type StationId } from "@chargekit/core";
import type { AuthToken } from "@chargekit/ocpp";
import {
  createReservationEngine,
  type Reservation,
  type ReservationEngine,
  type ReservationEvents,
} from "@chargekit/reservations";
import { BOOKING_ERROR_STATUSES } from "../api/driver/refusals.js";
import { reservationView } from "../api/driver/reservation-view.js";
import { reservationRoutes } from "../api/driver/reservations.js";
import { availabilityRoutes } from "../api/navigation/availability.js";
import { locationRoutes } from "../api/navigation/locations.js";
import { driverTokens } from "../booking/driver-tokens.js";
import { DwellModels } from "../booking/dwell-models.js";
import { EtaOffers } from "../booking/eta-offers.js";
import { SessionFeed } from "../booking/session-feed.js";
import { createStartGate } from "../booking/start-gate.js";
import { holdOf, StationHolds } from "../booking/station-holds.js";
import { toReservationPolicy } from "../config/reservations.js";
import { driverAndOperators, operatorsOf } from "../live/audience.js";
import type { CsmsModule } from "../server/module.js";
import { createEvseDirectory, type EvseDirectory } from "../sites/evse-directory.js";
import { createBookingReports } from "./booking-reports.js";
import type { CsmsServices } from "./services.js";

declare module "./services.js" {
  interface ServiceSlots {
    /** Reservations: the engine, station holds, ETA offers, the dwell model (reservations module). */
    reservations: ReservationsService;
  }
}

/** Reservations as the server runs them. */
export interface ReservationsService {
  /** The engine on the PostgreSQL reservation store. */
  readonly engine: ReservationEngine;
  /** The configured EVSEs (references `<station>/<evse>`). */
  readonly directory: EvseDirectory;
  /** Where each active reservation stands on its station. */
  readonly holds: StationHolds;
  /** The ETA offers made, by reservation. */
  readonly offers: EtaOffers;
  /** How long cars stay (queue estimates, availability confidence). */
  readonly dwell: DwellModels;
  /** The registered station credentials of a driver that may charge. */
  tokensOf(driver: DriverId): Promise<AuthToken[]>;
}

/** Most running transactions read per station when resuming after a restart. */
const RESUME_LIMIT = 64;

/** The lifecycle events published live (as `reservation:updated`, with the event's name as `change`). */
type LifecycleEvent =
  | "reservation:held"
  | "reservation:confirmed"
  | "reservation:activated"
  | "reservation:rescheduled"
  | "reservation:used"
  | "reservation:expired"
  | "reservation:no-show"
  | "reservation:cancelled"
  | "reservation:removed"
  | "reservation:at-risk";

/** The reservation-engine events after which a reservation's state or window has changed. */
export const RESERVATION_CHANGES = [
  "reservation:held",
  "reservation:confirmed",
  "reservation:activated",
  "reservation:rescheduled",
  "reservation:used",
  "reservation:expired",
  "reservation:no-show",
  "reservation:cancelled",
  "reservation:removed",
] as const satisfies readonly LifecycleEvent[];

const LIFECYCLE: readonly LifecycleEvent[] = [...RESERVATION_CHANGES, "reservation:at-risk"];

/**
 * The reservations module: the engine per configured site (EVSE references `<station>/<evse>` with the stations'
 * connector types and maximum power; the configured booking terms) on the PostgreSQL reservation store; its timers
 * re-armed at start and the running sessions reported again from the transaction store; sessions, EVSE statuses
 * and the station instructions wired both ways (ReserveNow / CancelReservation through the command API, a
 * matching token consuming its reservation, the walk-up gate the authorizer asks); live `reservation:updated`
 * events for the driver and the operators; and the driver and navigation routes (reserve, cancel, ETA updates,
 * availability along a route, locations). Assemble it after the ocpp and authorization modules.
 */
export function reservationsModule(services: CsmsServices): CsmsModule {
  const unsubscribe: (() => void)[] = [];
  let engine: ReservationEngine | undefined;
  let dwell: DwellModels | undefined;
  return {
    name: "reservations",
    routes: () => [...reservationRoutes(services), ...availabilityRoutes(services), ...locationRoutes(services)],
    errorStatuses: BOOKING_ERROR_STATUSES,
    async start(ctx) {
      services.bind(ctx);
      const { config, clock, logger, hub } = ctx;
      const storage = services.need("storage");
      const registry = services.need("registry");
      const directory = createEvseDirectory(config);
      const run = (key: string, what: string, task: () => Promise<void>) => services.work.run(key, what, task);
      const e = createReservationEngine({
        store: storage.stores.reservations,
        clock,
        logger,
        policy: toReservationPolicy(config.reservations.policy),
        sites: config.sites.map((site) => ({
          site: site.id,
          evses: directory.evsesOf(site.id).map((entry) => entry.spec),
          ...(site.reservationPolicy === undefined ? {} : { policy: toReservationPolicy(site.reservationPolicy) }),
        })),
      });
      engine = e;
      const tokensOf = (driver: DriverId) => driverTokens(storage.tokens, driver);
      const holds = new StationHolds({
        directory,
        commands: registry.commands,
        versionOf: (stationId) => registry.view(stationId)?.version,
        tokenOf: async (hold) => {
          const r = await e.get(hold.reservationId);
          const registered = r === undefined ? [] : await tokensOf(r.driver);
          const match = registered.find((t) => t.value === hold.idToken);
          const group = hold.groupIdToken ?? match?.group;
          return { ...(match ?? { value: hold.idToken }), ...(group === undefined ? {} : { group }) };
        },
        clock,
        logger,
        run,
      });
      const offers = new EtaOffers(clock);
      dwell = new DwellModels({
        sessions: storage.sessions,
        clock,
        logger,
        days: config.reservations.dwellHistoryDays,
        timeZone: config.sites[0]?.timezone ?? "UTC",
      });
      const audience = (r: Reservation) => driverAndOperators(services.tenant, r.driver);
      const publish = (change: string, r: Reservation): void =>
        void hub.publish({
          topic: "reservations",
          type: "reservation:updated",
          data: { change, reservation: reservationView(r, directory, holds.stateOf(r.id)) },
          audience: audience(r),
        });
      for (const name of LIFECYCLE) {
        const listener = ({ reservation }: ReservationEvents[LifecycleEvent]): void => publish(name, reservation);
        e.events.on(name, listener);
        unsubscribe.push(() => e.events.off(name, listener));
      }
      e.events.on("station-reservation:open", (hold) => holds.open(hold));
      e.events.on("station-reservation:close", (release) => holds.close(release));
      e.events.on("reservation:ended", ({ reservation }) => {
        holds.ended(reservation);
        offers.drop(reservation.id);
      });
      const authorization = () => services.get("authorization");
      const feed = new SessionFeed({
        engine: e,
        directory,
        logger,
        run,
        groupOf: async (token) => {
          const group = (await authorization()?.tokenOf(token))?.groupId;
          const parsed = group === undefined ? undefined : IdToken.parse(group);
          return parsed?.ok === true ? parsed.value : undefined;
        },
      });

      await e.start(); // loads live reservations, re-arms their timers (due ones fire now, late)
      await dwell.start();
      for (const station of config.stations) {
        const record = await storage.stores.stations.get(station.id);
        for (const connector of record?.connectors ?? [])
          if (connector.evseId > 0) await feed.status(station.id, connector);
        const running = await registry.transactions.list({ stationId: station.id, active: true, limit: RESUME_LIMIT });
        for (const tx of running) {
          await feed.started({
            stationId: tx.stationId,
            transactionId: tx.id,
            evseId: tx.evseId,
            token: tx.token,
            reservationId: tx.reservationId,
            driverId: undefined,
            startedAt: tx.startedAt,
          });
        }
      }
      unsubscribe.push(feed.follow(services.events));
      const onStation = (s: { stationId: StationId; change: string; registration?: string | undefined }) => {
        if (s.change !== "connected" && !(s.change === "booted" && s.registration === "Accepted")) return;
        const siteId = directory.siteOf(s.stationId);
        const active =
          siteId === undefined
            ? []
            : e
                .liveAt(siteId)
                .filter((r) => r.status === "active")
                .map(holdOf);
        holds.stationBack(s.stationId, active);
      };
      services.events.on("station:changed", onStation);
      unsubscribe.push(() => services.events.off("station:changed", onStation));

      services.provide(
        "startGate",
        createStartGate(e, directory, (refusal) => {
          logger.info({ ...refusal }, "walk-up refused at a reserved EVSE");
          hub.publish({
            topic: "reservations",
            type: "reservation:walk-up-refused",
            data: {
              ...refusal,
              ...(refusal.until === undefined ? {} : { until: new Date(refusal.until).toISOString() }),
            },
            audience: operatorsOf(services.tenant),
          });
        }),
      );
      services.provide("reservations", { engine: e, directory, holds, offers, dwell, tokensOf });
      services.provide("bookingReports", createBookingReports(services));
    },
    stop() {
      services.withdraw("startGate");
      services.withdraw("reservations");
      services.withdraw("bookingReports");
      for (const off of unsubscribe.splice(0)) off();
      dwell?.stop();
      engine?.stop();
    },
  };
}
