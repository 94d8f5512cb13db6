import { z } from "zod";
import { apiKeySchema } from "./api-keys.js";
import { authorizationConfigSchema } from "./authorization.js";
import { checkConsistency } from "./consistency.js";
import { filePathSchema, hostSchema, portSchema } from "./fields.js";
import { loadManagementConfigSchema } from "./load-management.js";
import { ocppSchema, stationSchema, tlsSchema } from "./ocpp.js";
import { paymentsConfigSchema } from "./payments.js";
import { reservationsConfigSchema } from "./reservations.js";
import { siteSchema } from "./sites.js";
import { checkTariffReferences, tariffsConfigSchema } from "./tariffs.js";

/** The log levels pino knows, most verbose first, plus `silent`. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The HTTP API and dashboard listener. */
export const httpSchema = z.strictObject({
  /** Interface to listen on; the default keeps the demo off the network. */
  host: hostSchema.default("127.0.0.1"),
  /** Port; 0 picks a free one. */
  port: portSchema.default(8080),
  /** Largest JSON request body accepted, in bytes. */
  maxBodyBytes: z
    .number()
    .int()
    .min(1024, { error: "expected at least 1024 bytes" })
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Origins allowed to call the API from a browser; empty (the default) sends no CORS headers at all. */
  corsOrigins: z.array(z.url({ error: "expected an origin such as https://app.example.com" })).default([]),
  /** Serve HTTPS with these files instead of plain HTTP. */
  tls: tlsSchema.omit({ caFile: true }).optional(),
  /** How long a graceful shutdown waits for in-flight requests before closing connections, in ms. */
  shutdownGraceMs: z.number().int().min(0).max(300_000).default(10_000),
  /** How often live-update streams send a keep-alive comment, in ms. */
  sseHeartbeatMs: z.number().int().min(1000).max(300_000).default(15_000),
});

/** Where data lives: embedded PGlite files (default) or a PostgreSQL server. */
export const storageSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    /** Embedded PGlite. */
    kind: z.literal("embedded"),
    /** Directory of the database files. */
    dataDir: filePathSchema.default("./data"),
  }),
  z.strictObject({
    /** A PostgreSQL server. */
    kind: z.literal("postgres"),
    /** Connection URL (`postgres://user:password@host:5432/db`). */
    url: z.string().regex(/^postgres(ql)?:\/\//, { error: "expected a postgres:// URL" }),
  }),
]);

/** The whole server configuration; every field has a default except what only you can know. */
export const configSchema = z
  .strictObject({
    /** Editor hint: the JSON schema of this file (ignored by the server). */
    $schema: z.string().optional(),
    /** The HTTP API and dashboard listener. */
    http: httpSchema.prefault({}),
    /** Where and how stations connect. */
    ocpp: ocppSchema.prefault({}),
    /** Where data lives. */
    storage: storageSchema.prefault({ kind: "embedded" }),
    /** The stations the CSMS accepts. */
    stations: z.array(stationSchema).default([]),
    /** Sites with their grid trees and stations. */
    sites: z.array(siteSchema).default([]),
    /** Tariffs (OCPI 2.2.1), in a file or inline; sites pick one by `tariffId`. */
    tariffs: tariffsConfigSchema.prefault({}),
    /** Which tokens may charge, and the local authorization list sent to stations. */
    authorization: authorizationConfigSchema.prefault({}),
    /** Holds, capture and the recovery worker. */
    payments: paymentsConfigSchema.prefault({}),
    /** Booking terms, queue rules and the wait estimate's history. */
    reservations: reservationsConfigSchema.prefault({}),
    /** Rebalancing, charging profiles and power history. */
    loadManagement: loadManagementConfigSchema.prefault({}),
    /** The simulated fleet. */
    demo: z
      .strictObject({
        /** Run the simulated fleet (drivers arriving, reserving, queuing, charging). */
        enabled: z.boolean({ error: "expected true or false" }).default(false),
        /** Seed of the simulation's random choices (same seed, same day). */
        seed: z.number().int().default(1),
      })
      .prefault({}),
    /** API keys (hashes only) with roles. */
    apiKeys: z.array(apiKeySchema).default([]),
    /** Logging. */
    log: z
      .strictObject({
        /** The least severe level written. */
        level: z.literal(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }).default("info"),
      })
      .prefault({}),
  })
  .superRefine(checkConsistency)
  .superRefine(checkTariffReferences);

/** The validated configuration the server runs with. */
export type Config = z.output<typeof configSchema>;

/** What a configuration file may contain (everything optional that has a default). */
export type ConfigInput = z.input<typeof configSchema>;
