/**
 * The WebSocket transport of `@chargekit/ocpp` (Node only, on `ws`): the CSMS-side server with subprotocol
 * negotiation, Security Profiles 1–3, ping/pong keepalive and one connection per station identity; the
 * station-side client with the OCPP 2.0.1 reconnect back-off; and the credentials port with scrypt hashes.
 *
 * @module
 */
// Station simulator over WebSockets: a fleet link giving each simulated station an OCPP client.
export { type WebSocketFleetLinkOptions, webSocketFleetLink } from "./simulator/ws-link.js";
export { DEFAULT_RETRY_BACK_OFF, type RetryBackOff, retryDelay } from "./ws/backoff.js";
export { type BasicCredentials, basicAuthHeader, parseBasicAuth } from "./ws/basic-auth.js";
export { createOcppClient, type OcppClient, type OcppClientEvents, type OcppClientOptions } from "./ws/client.js";
export {
  type CredentialCheck,
  createMemoryStationCredentials,
  hashPassword,
  type MemoryStationCredentials,
  type PasswordHash,
  type StationCredentials,
  verifyPassword,
} from "./ws/credentials.js";
export { type HandshakeRefusal, identityFromPath, MAX_IDENTITY_LENGTH_2X, selectProtocol } from "./ws/identity.js";
export { createKeepalive, type Keepalive, type KeepaliveOptions } from "./ws/keepalive.js";
export { createOcppServer } from "./ws/server.js";
export type {
  HandshakeInfo,
  Listening,
  ListenOptions,
  OcppConnection,
  OcppServer,
  OcppServerEvents,
  OcppServerOptions,
  SecurityProfile,
} from "./ws/server-types.js";
