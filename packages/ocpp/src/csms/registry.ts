import { createEmitter, every, StationId, silentLogger, systemClock } from "@chargekit/core";
import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import type { HandlerSet, InboundGate } from "../rpc/handlers.js";
import { createCommands } from "./commands/create-commands.js";
import { installV2Handlers } from "./handlers-v2.js";
import { installV16Handlers } from "./handlers-v16.js";
import { adoptRecord, type LiveStation, newLiveStation, viewOf } from "./live-station.js";
import { createMemoryStationStore } from "./memory-station-store.js";
import { createMemoryTransactionStore } from "./memory-transaction-store.js";
import { notAcceptedText, type RegistryCore } from "./registry-core.js";
import type {
  OpenedConnection,
  StationRegistry,
  StationRegistryEvents,
  StationRegistryOptions,
} from "./registry-types.js";
import { createReportCollectors } from "./report-collectors.js";

/**
 * Creates the CSMS-side station registry. Give it to an `OcppServer` with {@link StationRegistry.serve} (or attach
 * single endpoints); it answers every station message, keeps the neutral model, emits typed events and offers the
 * neutral command API.
 *
 * @example
 * ```ts no-run
 * const server = createOcppServer({ protocols: ["ocpp2.0.1", "ocpp1.6"], securityProfile: 1, credentials });
 * const registry = createStationRegistry({ bootPolicy: ({ boot }) => ({ status: boot.vendor === "ACME" ? "Accepted" : "Pending" }) });
 * registry.serve(server);
 * registry.events.on("transaction:ended", ({ transaction }) => console.log(transaction.energyWh));
 * await server.listen({ port: 9000 });
 * ```
 * @category CSMS
 */
export function createStationRegistry(options: StationRegistryOptions = {}): StationRegistry {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const stations = options.stations ?? createMemoryStationStore();
  const transactions = options.transactions ?? createMemoryTransactionStore();
  const heartbeatIntervalSec = options.heartbeatIntervalSec ?? 300;
  const offlineAfterMs = options.offlineAfterMs ?? 2 * heartbeatIntervalSec * 1000 + 60_000;
  const events = createEmitter<StationRegistryEvents>();
  const reports = createReportCollectors(clock);
  const lives = new Map<string, LiveStation>();
  const acknowledge = options.acknowledgeNotifications ?? true;
  let requestCounter = Math.floor(clock.now() / 1000) % 1_000_000_000;

  const live = (identity: string): LiveStation => {
    let l = lives.get(identity);
    if (l === undefined) {
      l = newLiveStation(identity as StationId);
      lives.set(identity, l);
    }
    return l;
  };

  const core: RegistryCore = {
    clock,
    logger,
    stations,
    transactions,
    events,
    reports,
    heartbeatIntervalSec,
    bootPolicy: options.bootPolicy ?? (() => ({ status: "Accepted" })),
    authorize: async (request) =>
      options.authorize === undefined ? { status: "Accepted" } : options.authorize(request),
    dataTransfer: options.dataTransfer,
    live,
  };

  const install = (handlers: HandlerSet<"csms">): void => {
    installV16Handlers(core, handlers, acknowledge);
    installV2Handlers(core, handlers, acknowledge);
  };

  const gate: InboundGate = (call) => {
    if (call.action === "BootNotification") return undefined;
    const l = lives.get(call.identity);
    if (l === undefined || !l.isLoaded || l.registration === "Accepted") return undefined;
    const until = l.triggered.get(call.action);
    if (until !== undefined && until >= clock.now()) return undefined;
    return { code: "SecurityError", description: notAcceptedText(l) };
  };

  const track = (endpoint: RpcEndpoint<"csms">): boolean => {
    const id = StationId.parse(endpoint.identity);
    if (!id.ok) {
      logger.warn({ identity: endpoint.identity }, "ocpp registry: identity is not a valid station id; closing");
      void endpoint.close({ code: 1008, reason: "station identity not accepted", force: true });
      return false;
    }
    const l = live(id.value);
    l.endpoint = endpoint;
    l.version = endpoint.version;
    // statuses that changed while the station was offline were never sent: the first one of each connector on a
    // new connection is not checked against the last one received
    l.reportedSinceBoot = new Set();
    const at = clock.now();
    l.lastSeenAt = at;
    if (!l.isLoaded) {
      l.loaded = stations.get(id.value).then(
        (record) => adoptRecord(l, record),
        (error: unknown) => {
          logger.error({ stationId: id.value, error }, "ocpp registry: could not read the station record");
          l.isLoaded = true;
        },
      );
    }
    endpoint.addGate(gate);
    endpoint.events.once("connection:closed", ({ code, reason }) => {
      if (l.endpoint !== endpoint) return;
      l.endpoint = undefined;
      events.emit("station:disconnected", { stationId: l.id, at: clock.now(), code, reason });
    });
    events.emit("station:connected", { stationId: l.id, version: endpoint.version, at });
    return true;
  };

  const stopSweep =
    offlineAfterMs > 0
      ? every(clock, options.sweepIntervalMs ?? 30_000, () => {
          const limit = clock.now() - offlineAfterMs;
          for (const l of lives.values()) {
            const endpoint = l.endpoint;
            if (endpoint === undefined || l.lastSeenAt >= limit) continue;
            logger.warn({ stationId: l.id }, "ocpp registry: station silent too long; closing its connection");
            void endpoint.close({
              code: 1001,
              reason: `no message for ${Math.round(offlineAfterMs / 1000)} s`,
              force: true,
            });
          }
        })
      : () => {};

  const commands = createCommands({
    clock,
    reports,
    defaultTimeoutMs: options.commandTimeoutMs ?? 30_000,
    find: (stationId) => lives.get(stationId),
    nextRequestId: () => {
      requestCounter = (requestCounter + 1) % 2_147_483_647;
      return requestCounter;
    },
  });

  return {
    events,
    commands,
    stations,
    transactions,
    serve(source) {
      install(source.handlers);
      const onOpened = ({ connection }: OpenedConnection) => {
        track(connection.endpoint);
      };
      source.events.on("connection:opened", onOpened);
      return () => source.events.off("connection:opened", onOpened);
    },
    attach(endpoint) {
      install(endpoint.handlers);
      return track(endpoint);
    },
    view(stationId) {
      const l = lives.get(stationId);
      return l === undefined ? undefined : viewOf(l);
    },
    views() {
      return [...lives.values()].map(viewOf);
    },
    endpointOf(stationId) {
      const endpoint = lives.get(stationId)?.endpoint;
      return endpoint?.state === "open" ? endpoint : undefined;
    },
    close() {
      stopSweep();
    },
  };
}
