import {
  type Clock,
  type EvseId,
  formatInstant,
  IdToken,
  type Instant,
  type Logger,
  parseInstant,
  type StationId,
  type TransactionId,
  type TypedEmitter,
} from "@chargekit/core";
import { RpcError } from "../rpc/errors.js";
import type { MeterSample } from "../station/model.js";
import type { LiveStation } from "./live-station.js";
import type { ProtocolRule } from "./protocol-rules.js";
import type {
  AuthorizationDecision,
  AuthorizationRequest,
  BootPolicy,
  DataTransferHandler,
  StationRegistryEvents,
} from "./registry-types.js";
import type { ReportCollectors } from "./report-collectors.js";
import type { StationStore } from "./station-store.js";
import type { TransactionStore } from "./transaction-store.js";

/**
 * What the registry's message handlers share: stores, clock, events, settings and the live stations.
 *
 * @internal
 */
export interface RegistryCore {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly stations: StationStore;
  readonly transactions: TransactionStore;
  readonly events: TypedEmitter<StationRegistryEvents>;
  readonly bootPolicy: BootPolicy;
  readonly heartbeatIntervalSec: number;
  readonly authorize: (request: AuthorizationRequest) => Promise<AuthorizationDecision>;
  readonly dataTransfer: DataTransferHandler | undefined;
  readonly reports: ReportCollectors;
  /** The live station of a connection's identity (created when the connection was taken). */
  live(identity: string): LiveStation;
}

/** Reports a rule a station broke. @internal */
export function violation(
  core: RegistryCore,
  stationId: StationId,
  rule: ProtocolRule,
  action: string,
  message: string,
): void {
  core.events.emit("protocol:violation", { stationId, rule, action, message });
}

/** Reports the sampled values that could not be read. @internal */
export function reportIgnored(
  core: RegistryCore,
  stationId: StationId,
  action: string,
  ignored: readonly string[],
): void {
  for (const message of ignored) violation(core, stationId, "meter.unreadable", action, message);
}

/** The current time as OCPP text. @internal */
export function nowText(core: RegistryCore): string {
  return formatInstant(core.clock.now());
}

/** A station timestamp, or now when absent (the schema has checked the format). @internal */
export function instantOr(core: RegistryCore, text: string | undefined): Instant {
  if (text === undefined) return core.clock.now();
  const parsed = parseInstant(text);
  return parsed.ok ? parsed.value : core.clock.now();
}

/**
 * Waits for the stored record, notes the station was seen, and enforces the boot rule: until its boot is
 * Accepted a station's CALLs (other than BootNotification, and those a TriggerMessage asked for) are answered
 * with `SecurityError`.
 *
 * @internal
 */
export async function admit(core: RegistryCore, identity: string, action: string): Promise<LiveStation> {
  const live = core.live(identity);
  await live.loaded;
  return admitLoaded(core, live, action);
}

/**
 * {@link admit} without waiting, for the handlers that can answer at once: the live station once its stored record
 * has been read (or the `SecurityError` thrown), undefined while it is still being read — then use {@link admit}.
 * A message that is answered synchronously costs no promise and no trip through the microtask queue.
 *
 * @internal
 */
export function admitNow(core: RegistryCore, identity: string, action: string): LiveStation | undefined {
  const live = core.live(identity);
  return live.isLoaded ? admitLoaded(core, live, action) : undefined;
}

function admitLoaded(core: RegistryCore, live: LiveStation, action: string): LiveStation {
  const now = core.clock.now();
  live.lastSeenAt = now;
  if (action === "BootNotification" || live.registration === "Accepted") return live;
  const until = live.triggered.get(action);
  if (until !== undefined && until >= now) return live;
  throw new RpcError("SecurityError", notAcceptedText(live));
}

/** Why a station's CALL is refused before its boot was accepted. @internal */
export function notAcceptedText(live: LiveStation): string {
  return live.registration === undefined
    ? "send BootNotification first: this station is not registered"
    : `the station's registration is ${live.registration}: only BootNotification is accepted until it is Accepted`;
}

/** Reads a credential value, reporting an unusable one. @internal */
export function tokenValue(
  core: RegistryCore,
  stationId: StationId,
  action: string,
  value: string,
): IdToken | undefined {
  const parsed = IdToken.parse(value);
  if (parsed.ok) return parsed.value;
  violation(core, stationId, "token.invalid", action, parsed.error.message);
  return undefined;
}

/** Emits one `meter:sample` per sample. @internal */
export function emitSamples(
  core: RegistryCore,
  live: LiveStation,
  evseId: EvseId | undefined,
  transactionId: TransactionId | undefined,
  samples: readonly MeterSample[],
): void {
  if (samples.length === 0 || core.events.listenerCount("meter:sample") === 0) return;
  for (const sample of samples) core.events.emit("meter:sample", { stationId: live.id, evseId, transactionId, sample });
}
