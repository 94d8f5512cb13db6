/**
 * The OCPP-J versions chargekit speaks, by their WebSocket subprotocol names.
 *
 * @category Versions
 */
export const OCPP_VERSIONS = ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"] as const;

/**
 * An OCPP-J version, named as its WebSocket subprotocol (`Sec-WebSocket-Protocol`).
 *
 * @category Versions
 */
export type OcppVersion = (typeof OCPP_VERSIONS)[number];

/**
 * True when `value` is one of {@link OCPP_VERSIONS}.
 *
 * @category Versions
 */
export function isOcppVersion(value: unknown): value is OcppVersion {
  return value === "ocpp1.6" || value === "ocpp2.0.1" || value === "ocpp2.1";
}
