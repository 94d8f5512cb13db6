import {
  ChargekitError,
  createEmitter,
  formatInstant,
  type Instant,
  randomId,
  silentLogger,
  systemClock,
  type TimerHandle,
} from "@chargekit/core";
import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import type { AuthorizationStatus, AuthToken, Registration } from "../station/model.js";
import { initialV16Connector, type V16ConnectorState, v16ConnectorTransition } from "../station/v16-connector.js";
import { DEFAULT_EV, type EvModel, type EvState } from "./ev-model.js";
import type { EvseController } from "./evse-controller.js";
import { createV2Evse } from "./evse-v2.js";
import { createV16Evse } from "./evse-v16.js";
import { installConfigHandlers } from "./handlers-config.js";
import { installSessionHandlers } from "./handlers-session.js";
import type { EvsePhysics } from "./physics.js";
import { createMemoryTransactionQueueStore } from "./queue-store.js";
import type { SimContext } from "./sim-context.js";
import { createStationConfig } from "./station-config.js";
import type { StationCore } from "./station-core.js";
import type {
  SimulatedEvseConfig,
  SimulatedStation,
  SimulatedStationEvents,
  SimulatedStationOptions,
} from "./station-types.js";
import { createTransactionQueue } from "./transaction-queue.js";

/**
 * Creates a simulated charging station.
 *
 * @example
 * ```ts
 * const { csms, station: endpoint } = createLoopbackPair({ version: "ocpp2.0.1", clock });
 * const station = createSimulatedStation({ identity: "CP-1", version: "ocpp2.0.1", evses: 2, clock });
 * await station.connect(endpoint);
 * station.plugIn(1);
 * await station.presentToken(1, { value: IdToken.of("TAG-1"), kind: "ISO14443" });
 * ```
 * @category Simulator
 */
export function createSimulatedStation(options: SimulatedStationOptions): SimulatedStation {
  const { identity, version } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const evseConfigs: readonly SimulatedEvseConfig[] =
    typeof options.evses === "number" || options.evses === undefined
      ? Array.from({ length: options.evses ?? 1 }, () => ({}))
      : options.evses;
  if (evseConfigs.length === 0) throw new ChargekitError("INVALID_ARGUMENT", "a station needs at least one EVSE");
  const config = createStationConfig(evseConfigs.length, options.config);
  const events = createEmitter<SimulatedStationEvents>();
  const store = options.queue ?? createMemoryTransactionQueueStore();
  const newId = options.newId ?? randomId;
  const family = version === "ocpp1.6" ? "1.6" : "2.x";
  let endpoint: RpcEndpoint<"station"> | undefined;
  let registration: Registration | undefined;
  let heartbeatTimer: TimerHandle | undefined;
  let bootTimer: TimerHandle | undefined;
  let bootReason = "PowerUp";
  let pendingReset = false;
  let zero: V16ConnectorState = initialV16Connector(0);
  let enqueueChain: Promise<void> = Promise.resolve();
  const triggered = new Map<string, Instant>();

  const connected = (): RpcEndpoint<"station"> | undefined => (endpoint?.state === "open" ? endpoint : undefined);
  const online = (): boolean => connected() !== undefined && registration === "Accepted";
  const send = (action: string, payload: object) => connected()?.call(version, action as never, payload as never);

  const queue = createTransactionQueue({
    store,
    clock,
    family,
    ...(options.queueCapacity === undefined ? {} : { capacity: options.queueCapacity }),
    dropped: (message, reason) => events.emit("message:dropped", { message, reason }),
    retry: () => ({
      attempts: Math.max(1, config.number("TransactionMessageAttempts", 3)),
      intervalMs: config.number("TransactionMessageRetryInterval", 60) * 1000,
    }),
    send: (action, payload) => (online() ? send(action, payload) : undefined),
    delivered: async (message, response) => {
      events.emit("message:delivered", { message, response });
      if (family !== "1.6" || message.kind !== "start") return;
      const r = response as { transactionId: number; idTagInfo: { status: string } };
      await store.bindTransaction(message.transactionRef, r.transactionId);
      for (const e of evses16.values())
        e.started(message.transactionRef, r.transactionId, r.idTagInfo.status === "Accepted");
    },
  });

  const ctx: SimContext = {
    clock,
    config,
    version,
    events,
    logger,
    online,
    call: send,
    notify(action, payload) {
      const allowed = online() || (triggered.get(action) ?? -1) >= clock.now();
      if (!allowed) return;
      void send(action, payload)?.then((r) => {
        if (!r.ok) logger.debug({ identity, action, error: r.error.message }, "simulator: message not taken");
      });
    },
    enqueue(message) {
      enqueueChain = enqueueChain
        .then(() => queue.enqueue(message))
        .catch((error: unknown) =>
          logger.error({ identity, error }, "simulator: could not queue a transaction message"),
        );
    },
    async authorize(token) {
      if (online()) {
        const payload =
          version === "ocpp1.6"
            ? { idTag: token.value }
            : { idToken: { idToken: token.value, type: token.kind ?? "ISO14443" } };
        const r = await send("Authorize", payload);
        if (r?.ok === true) {
          const info =
            (r.value as { idTagInfo?: { status: string }; idTokenInfo?: { status: string } }).idTagInfo ??
            (r.value as { idTokenInfo?: { status: string } }).idTokenInfo;
          return (info?.status ?? "Invalid") as AuthorizationStatus;
        }
      }
      const listed = core.localList.entries.get(token.value);
      if (listed !== undefined) return listed;
      return config.bool("LocalAuthorizeOffline", true) && config.bool("AllowOfflineTxForUnknownId", false)
        ? "Accepted"
        : "Invalid";
    },
    profiles: () => core.profiles,
    transactions: () =>
      [...evses.values()].flatMap((e) => {
        const tx = e.transaction();
        return tx === undefined ? [] : [{ evseId: e.id, transactionId: tx.id ?? tx.ref, start: tx.start }];
      }),
    newId,
    sessionEnded() {
      if (pendingReset && ![...evses.values()].some((e) => e.busy())) {
        pendingReset = false;
        core.reset("SoftReset");
      }
    },
  };

  const evses = new Map<number, EvseController>();
  const evses16 = new Map<number, ReturnType<typeof createV16Evse>>();
  evseConfigs.forEach((c, i) => {
    const current = c.current ?? "AC";
    const physics: EvsePhysics = {
      maxPowerW: c.maxPowerW ?? (current === "DC" ? 50_000 : 11_040),
      phases: current === "DC" ? 1 : (c.phases ?? 3),
      current,
      registerWh: options.initialMeterWh ?? 0,
      powerW: 0,
      phasesUsed: current === "DC" ? 1 : (c.phases ?? 3),
      since: clock.now(),
      ev: undefined,
    };
    if (version === "ocpp1.6") {
      const e = createV16Evse(ctx, i + 1, physics);
      evses16.set(i + 1, e);
      evses.set(i + 1, e);
    } else evses.set(i + 1, createV2Evse(ctx, i + 1, physics));
  });

  const stopHeartbeat = (): void => {
    if (heartbeatTimer !== undefined) clock.clearTimeout(heartbeatTimer);
    heartbeatTimer = undefined;
  };
  const startHeartbeat = (): void => {
    stopHeartbeat();
    const seconds = config.number("HeartbeatInterval", 300);
    if (seconds <= 0) return;
    heartbeatTimer = clock.setTimeout(() => {
      heartbeatTimer = undefined;
      core.heartbeat();
      startHeartbeat();
    }, seconds * 1000);
  };

  const reportAll = (): void => {
    if (version === "ocpp1.6") core.reportConnectorZero();
    for (const e of evses.values()) e.reportStatus();
  };

  const bootPayload = () =>
    version === "ocpp1.6"
      ? {
          chargePointVendor: options.boot?.vendor ?? "chargekit",
          chargePointModel: options.boot?.model ?? "simulator",
          ...(options.boot?.serialNumber === undefined ? {} : { chargePointSerialNumber: options.boot.serialNumber }),
          ...(options.boot?.firmwareVersion === undefined ? {} : { firmwareVersion: options.boot.firmwareVersion }),
        }
      : {
          reason: bootReason,
          chargingStation: {
            vendorName: options.boot?.vendor ?? "chargekit",
            model: options.boot?.model ?? "simulator",
            ...(options.boot?.serialNumber === undefined ? {} : { serialNumber: options.boot.serialNumber }),
            ...(options.boot?.firmwareVersion === undefined ? {} : { firmwareVersion: options.boot.firmwareVersion }),
          },
        };

  const boot = async (): Promise<Registration | undefined> => {
    if (bootTimer !== undefined) clock.clearTimeout(bootTimer);
    bootTimer = undefined;
    const result = await send("BootNotification", bootPayload());
    if (result === undefined) return undefined;
    if (!result.ok) {
      bootTimer = clock.setTimeout(() => void boot(), 30_000);
      return undefined;
    }
    const answer = result.value as { status: Registration; interval: number };
    registration = answer.status;
    events.emit("registration:changed", { registration: answer.status });
    if (answer.status === "Accepted") {
      bootReason = "PowerUp";
      if (answer.interval > 0) config.setKey("HeartbeatInterval", String(answer.interval));
      reportAll();
      startHeartbeat();
      queue.resume();
    } else {
      bootTimer = clock.setTimeout(() => void boot(), Math.max(1, answer.interval) * 1000);
    }
    return answer.status;
  };

  const core: StationCore = {
    ctx,
    evses,
    profiles: [],
    localList: { version: 0, entries: new Map() },
    endpoint: connected,
    boot: async () => {
      bootReason = "Triggered";
      await boot();
    },
    heartbeat() {
      const e = connected();
      if (e === undefined || (registration !== "Accepted" && (triggered.get("Heartbeat") ?? -1) < clock.now())) return;
      void e.call(version, "Heartbeat", {});
    },
    restartHeartbeat: startHeartbeat,
    reset(kind) {
      for (const e of evses.values()) e.abort(kind);
      for (const e of evses.values()) e.reboot();
      zero = initialV16Connector(0);
      registration = undefined;
      stopHeartbeat();
      queue.pause();
      bootReason = "RemoteReset";
      if (connected() !== undefined) void boot();
    },
    resetWhenIdle() {
      if ([...evses.values()].some((e) => e.busy())) pendingReset = true;
      else core.reset("SoftReset");
    },
    moveConnectorZero(event) {
      const out = v16ConnectorTransition(zero, event);
      if (!out.ok) return;
      zero = out.state;
      if (out.report !== undefined) core.reportConnectorZero();
    },
    reportConnectorZero() {
      if (version !== "ocpp1.6") return;
      ctx.notify("StatusNotification", {
        connectorId: 0,
        status: zero.fault === undefined ? zero.status : "Faulted",
        errorCode: zero.fault?.errorCode ?? "NoError",
        timestamp: formatInstant(clock.now()),
      });
    },
    allowTriggered(action) {
      triggered.set(action, clock.now() + 60_000);
    },
    reevaluate() {
      for (const e of evses.values()) e.reevaluate();
    },
  };

  const evseOf = (evseId: number): EvseController => {
    const e = evses.get(evseId);
    if (e === undefined) throw new ChargekitError("INVALID_ARGUMENT", `${identity} has no EVSE ${evseId}`);
    return e;
  };

  return {
    identity,
    version,
    config,
    events,
    get profiles() {
      return core.profiles;
    },
    get connected() {
      return connected() !== undefined;
    },
    get registration() {
      return registration;
    },
    async connect(e) {
      endpoint = e;
      installSessionHandlers(core, e);
      installConfigHandlers(core, e);
      e.events.once("connection:closed", () => {
        if (endpoint === e) this.disconnect();
      });
      if (registration === "Accepted") {
        reportAll();
        startHeartbeat();
        queue.resume();
        return registration;
      }
      return boot();
    },
    disconnect() {
      endpoint = undefined;
      stopHeartbeat();
      if (bootTimer !== undefined) clock.clearTimeout(bootTimer);
      bootTimer = undefined;
      queue.pause();
    },
    plugIn(evseId, ev) {
      const state: EvState =
        ev === undefined ? { model: DEFAULT_EV, soc: 20 } : "model" in ev ? ev : { model: ev as EvModel, soc: 20 };
      evseOf(evseId).plugIn(state);
    },
    unplug(evseId) {
      evseOf(evseId).unplug();
    },
    presentToken(evseId, token: AuthToken) {
      return evseOf(evseId).present(token);
    },
    suspendEv(evseId, suspended) {
      evseOf(evseId).suspendEv(suspended);
    },
    fault(evseId, errorCode = "OtherError") {
      evseOf(evseId).fault(errorCode);
    },
    clearFault(evseId) {
      evseOf(evseId).clearFault();
    },
    evse(evseId) {
      return evseOf(evseId).view();
    },
    evses() {
      return [...evses.values()].map((e) => e.view());
    },
    queued() {
      return store.size();
    },
    async settled() {
      await enqueueChain;
      await queue.settled();
    },
    stop() {
      this.disconnect();
      for (const e of evses.values()) e.stopTimers();
    },
  };
}
