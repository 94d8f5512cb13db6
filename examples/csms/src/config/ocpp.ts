import { StationId } from "@chargekit/core";
import { z } from "zod";
import { filePathSchema, hostSchema, portSchema } from "./fields.js";
import { stationElectricalShape } from "./station-electrical.js";

/**
 * OCPP security profiles (OCPP 1.6 Security Whitepaper, OCPP 2.0.1 Part 2 §A00): 0 none (development only),
 * 1 HTTP Basic auth over plain WebSocket, 2 Basic auth over TLS, 3 TLS with client certificates.
 */
export const SECURITY_PROFILES = [0, 1, 2, 3] as const;

/** One of {@link SECURITY_PROFILES}. */
export type SecurityProfile = (typeof SECURITY_PROFILES)[number];

/** TLS material for the OCPP endpoint (profiles 2 and 3). */
export const tlsSchema = z.strictObject({
  /** PEM certificate chain of the server. */
  certFile: filePathSchema,
  /** PEM private key of the server. */
  keyFile: filePathSchema,
  /** PEM bundle of the CAs that sign station certificates (profile 3). */
  caFile: filePathSchema.optional(),
});

/** TLS settings (see {@link tlsSchema}). */
export type TlsConfig = z.output<typeof tlsSchema>;

/** Where and how stations connect. */
export const ocppSchema = z.strictObject({
  /** Interface to listen on. */
  host: hostSchema.default("127.0.0.1"),
  /** WebSocket port. */
  port: portSchema.default(9000),
  /** URL path prefix; the station identity is the next path segment (`/ocpp/CP-001`). */
  path: z
    .string()
    .regex(/^\/[A-Za-z0-9/_-]*$/, { error: "expected a URL path starting with /" })
    .default("/ocpp"),
  /** The security profile every station must meet. */
  securityProfile: z.literal(SECURITY_PROFILES, { error: "expected a security profile 0, 1, 2 or 3" }).default(1),
  /** TLS files (required for profiles 2 and 3). */
  tls: tlsSchema.optional(),
  /**
   * Heartbeat interval handed to stations, in seconds; a station silent for two intervals and a minute is taken
   * as offline and its connection closed.
   */
  heartbeatIntervalSec: z.number().int().min(10).max(86_400).default(300),
});

/** Validated OCPP endpoint settings (see {@link ocppSchema}). */
export type OcppConfig = z.output<typeof ocppSchema>;

/**
 * A station hash of its HTTP Basic password: `scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>`, as printed by
 * `npm run hash-secret -w @chargekit/example-csms`.
 */
export const PASSWORD_HASH_PATTERN = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/;

/** One station the CSMS accepts. */
export const stationSchema = z.strictObject({
  /** The station identity (last segment of its WebSocket URL, Basic auth username). */
  id: StationId.schema,
  /** Display name. */
  name: z.string().min(1).optional(),
  /** scrypt hash of the station's Basic auth password (profiles 1 and 2); never the password itself. */
  passwordHash: z.string().regex(PASSWORD_HASH_PATTERN, { error: "expected an scrypt$… hash" }).optional(),
  /** Number of EVSEs (for display before the station reports them). */
  evses: z.number().int().min(1).max(64).default(1),
  /** Most current per phase one EVSE can draw, in A. */
  maxCurrent: z.number().positive().default(32),
  /** AC phases the station is wired with. */
  phases: z.union([z.literal(1), z.literal(3)]).default(3),
  ...stationElectricalShape,
});

/** A validated station entry (see {@link stationSchema}). */
export type StationConfig = z.output<typeof stationSchema>;
