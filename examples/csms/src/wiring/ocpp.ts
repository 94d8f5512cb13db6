import { readFile } from "node:fs/promises";
import { createStationRegistry, type OcppVersion, type StationRegistry } from "@chargekit/ocpp";
import { createOcppServer, type OcppServer } from "@chargekit/ocpp/ws";
import type { CsmsModule } from "../server/module.js";
import { createBootPolicy } from "../stations/boot-policy.js";
import { createStationCredentials } from "../stations/station-credentials.js";
import type { CsmsServices } from "./services.js";

/** The OCPP versions offered, in the server's order of preference. */
export const OCPP_PROTOCOLS: readonly OcppVersion[] = ["ocpp2.1", "ocpp2.0.1", "ocpp1.6"];

const VERSION_NAMES: Readonly<Record<OcppVersion, string>> = {
  "ocpp1.6": "1.6",
  "ocpp2.0.1": "2.0.1",
  "ocpp2.1": "2.1",
};

/**
 * The OCPP endpoint without its listener: the WebSocket server (1.6, 2.0.1, 2.1; the configured security
 * profile, passwords from the database then the configuration, only declared stations) and the station registry
 * on the PostgreSQL station and transaction stores (boot policy, offline detection after two heartbeat intervals,
 * the authorization module's authorizer). Provides `ocppServer` and `registry`. Stations can connect once
 * {@link ocppListenerModule} starts, last, so every module already follows the registry's events.
 */
export function ocppModule(services: CsmsServices): CsmsModule {
  let server: OcppServer | undefined;
  let registry: StationRegistry | undefined;
  let stopServing: (() => void) | undefined;
  return {
    name: "ocpp",
    start(ctx) {
      services.bind(ctx);
      const { config, clock, logger } = ctx;
      const storage = services.need("storage");
      const profile = config.ocpp.securityProfile;
      const configured = new Map(
        config.stations.flatMap((s) => (s.passwordHash === undefined ? [] : [[s.id as string, s.passwordHash]])),
      );
      server = createOcppServer({
        protocols: OCPP_PROTOCOLS,
        basePath: config.ocpp.path,
        securityProfile: profile,
        ...(profile === 1 || profile === 2
          ? { credentials: createStationCredentials(storage.stores.stationCredentials, configured) }
          : {}),
        authorize: ({ identity }) =>
          services.sites.isAccepted(identity) ? undefined : { status: 404, reason: "unknown station" },
        clock,
        logger: logger.child({ part: "ws" }),
      });
      server.events.on("handshake:refused", ({ identity, status, reason, remoteAddress }) =>
        logger.warn({ stationId: identity, status, reason, remoteAddress }, "station handshake refused"),
      );
      server.events.on("connection:replaced", ({ current }) =>
        logger.info({ stationId: current.identity }, "station reconnected; the previous connection was closed"),
      );
      registry = createStationRegistry({
        stations: storage.stores.stations,
        transactions: storage.stores.transactions,
        clock,
        logger: logger.child({ part: "registry" }),
        bootPolicy: createBootPolicy(services.sites, logger),
        heartbeatIntervalSec: config.ocpp.heartbeatIntervalSec,
        authorize: (request) => services.need("authorization").authorize(request),
      });
      registry.events.on("station:booted", ({ stationId, version, boot, registration }) =>
        logger.info({ stationId, version, vendor: boot.vendor, model: boot.model, registration }, "station booted"),
      );
      registry.events.on("station:disconnected", ({ stationId, code, reason }) =>
        logger.info({ stationId, code, reason }, "station disconnected"),
      );
      registry.events.on("protocol:violation", ({ stationId, rule, message, action }) =>
        logger.warn({ stationId, rule, action, detail: message }, "station broke a protocol rule"),
      );
      stopServing = registry.serve(server);
      services.provide("ocppServer", server);
      services.provide("registry", registry);
    },
    async stop() {
      stopServing?.();
      // Idempotent: the listener module closed it already unless it never started.
      await server?.close({ timeoutMs: services.config.http.shutdownGraceMs });
      registry?.close();
      services.withdraw("registry");
      services.withdraw("ocppServer");
    },
  };
}

/**
 * Opens the OCPP port (TLS from `ocpp.tls` for profiles 2 and 3), last of all modules. At shutdown it is stopped
 * first: every station connection closes gracefully — in-flight calls in both directions get their answers (up to
 * `http.shutdownGraceMs`), then the sockets close — before the modules behind it stop.
 */
export function ocppListenerModule(services: CsmsServices): CsmsModule {
  let url = "";
  let listening = false;
  return {
    name: "ocpp-listener",
    async start(ctx) {
      services.bind(ctx);
      const { ocpp } = ctx.config;
      const server = services.need("ocppServer");
      await services.runBeforeListening();
      const tls =
        ocpp.securityProfile >= 2 && ocpp.tls !== undefined
          ? {
              key: await readFile(ocpp.tls.keyFile),
              cert: await readFile(ocpp.tls.certFile),
              ...(ocpp.tls.caFile === undefined ? {} : { ca: await readFile(ocpp.tls.caFile) }),
            }
          : undefined;
      const { port } = await server.listen({ port: ocpp.port, host: ocpp.host, ...(tls === undefined ? {} : { tls }) });
      listening = true;
      const host = ["0.0.0.0", "::", ""].includes(ocpp.host) ? "127.0.0.1" : ocpp.host;
      const base = ocpp.path.replace(/\/+$/, "");
      url = `${tls === undefined ? "ws" : "wss"}://${host.includes(":") ? `[${host}]` : host}:${port}${base}`;
      services.provide("ocppEndpoint", { url, port });
      ctx.addReadinessCheck("listening", () => listening);
      ctx.logger.info({ url, securityProfile: ocpp.securityProfile }, "OCPP endpoint listening");
    },
    async stop() {
      listening = false;
      services.withdraw("ocppEndpoint");
      await services.get("ocppServer")?.close({ timeoutMs: services.config.http.shutdownGraceMs });
    },
    banner: () => [
      `OCPP       ${url}/<station id>   (OCPP ${OCPP_PROTOCOLS.map((v) => VERSION_NAMES[v]).join(", ")}; ` +
        `security profile ${services.config.ocpp.securityProfile})`,
    ],
  };
}
