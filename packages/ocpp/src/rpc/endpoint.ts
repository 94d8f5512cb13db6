import { err, ok, type Result, randomId, silentLogger, systemClock, TypedEmitter } from "@chargekit/core";
import { DEFAULT_MAX_FRAME_BYTES, type DecodeOptions, decodeFrame, readValidCall } from "../codec/decode.js";
import { encodeCall, encodeCallError, encodeCallResult, encodeCallResultError, encodeSend } from "../codec/encode.js";
import { errorCodeForProblem, parseErrorCode, type RpcErrorCode, type RpcProblem } from "../codec/error-codes.js";
import type { CallErrorFrame, CallFrame, CallResultFrame, SendFrame } from "../codec/frames.js";
import { isValidMessageId } from "../codec/frames.js";
import { jsonString } from "../codec/json-text.js";
import { payloadCodecs } from "../codec/payload-codec.js";
import { allows, type Direction, type Relaxation, STRICT } from "../codec/relaxation.js";
import { type AppliedRelaxation, validatePayload } from "../codec/validate.js";
import type { Role } from "../schema/action-spec.js";
import { actionEntry } from "../schema/registry.js";
import type { CallResult, RpcEndpoint, RpcEndpointEvents, RpcEndpointOptions } from "./endpoint-types.js";
import { CallFailure, NO_REPLY, RpcError } from "./errors.js";
import { type AnyCallHandler, createHandlerSet, type HandlerSet, type InboundGate } from "./handlers.js";
import { MessageIdMemory } from "./message-id-memory.js";
import { OutboundQueue } from "./outbound-queue.js";

/**
 * Ids of the peer's messages remembered to detect reuse, by default (see `rememberedMessageIds`). Each costs about
 * 75 bytes (the string, its Set entry and ring slot): 100 keep a busy connection near 7 KiB, where 1000 would cost
 * some 70 KiB per station.
 */
const DEFAULT_REMEMBERED_IDS = 100;

/**
 * The context a CALL handler receives; `signal` (an `AbortSignal` that aborts when the connection closes) is made
 * on first access, as few handlers use it.
 */
class HandlerContext {
  readonly version: string;
  readonly action: string;
  readonly messageId: string;
  readonly identity: string;
  readonly payload: Record<string, unknown>;
  readonly #signal: () => AbortSignal;

  constructor(
    version: string,
    action: string,
    messageId: string,
    identity: string,
    payload: Record<string, unknown>,
    signal: () => AbortSignal,
  ) {
    this.version = version;
    this.action = action;
    this.messageId = messageId;
    this.identity = identity;
    this.payload = payload;
    this.#signal = signal;
  }

  get signal(): AbortSignal {
    return this.#signal();
  }
}

/**
 * The endpoint's emitter: it tells its endpoint whenever listeners are added or removed, so the message path tests
 * whether anyone listens to the frame events in a variable of its own instead of reading the emitter's listener
 * table twice per message (on a server with thousands of connections, each object read is likely a cache miss).
 */
class EndpointEvents extends TypedEmitter<RpcEndpointEvents> {
  listenersChanged: (() => void) | undefined;
}
for (const method of ["on", "addListener", "once", "off", "removeListener", "removeAllListeners"] as const) {
  const original = TypedEmitter.prototype[method] as (...args: unknown[]) => unknown;
  Object.defineProperty(EndpointEvents.prototype, method, {
    configurable: true,
    writable: true,
    value(this: EndpointEvents, ...args: unknown[]) {
      const result = original.apply(this, args);
      this.listenersChanged?.();
      return result;
    },
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/**
 * Creates an {@link RpcEndpoint} over `options.transport`.
 *
 * @example
 * ```ts
 * const endpoint = createRpcEndpoint({ role: "csms", version: "ocpp1.6", identity: "CP-1", transport });
 * endpoint.handle("ocpp1.6", "Heartbeat", () => ({ currentTime: new Date().toISOString() }));
 * const reset = await endpoint.call("ocpp1.6", "Reset", { type: "Soft" });
 * if (reset.ok) console.log(reset.value.status);
 * ```
 * @category RPC
 */
export function createRpcEndpoint<R extends Role>(options: RpcEndpointOptions<R>): RpcEndpoint<R> {
  const { role, version, identity, transport } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const defaultTimeout = options.callTimeoutMs ?? 30_000;
  const maxQueued = options.maxQueuedCalls ?? 1000;
  const maxBad = options.maxBadMessages ?? 10;
  const maxHandlers = options.maxConcurrentHandlers ?? 16;
  const policy = options.relaxation ?? STRICT;
  const newMessageId = options.newMessageId ?? randomId;
  const events = new EndpointEvents();
  // whether anyone listens to frame:sent / frame:received (kept up to date by the emitter)
  let tapSent = false;
  let tapReceived = false;
  events.listenersChanged = () => {
    tapSent = events.listenerCount("frame:sent") > 0;
    tapReceived = events.listenerCount("frame:received") > 0;
  };
  // per-connection handlers, made on first use: connections of a server use the server's (fallback) handlers, and
  // an empty set would still be one more object to read per message
  let handlers: HandlerSet<R> | undefined;
  const ownHandlers = (): HandlerSet<R> => {
    handlers ??= createHandlerSet<R>();
    return handlers;
  };
  const fallback = options.fallbackHandlers;
  const gates: InboundGate[] = [];
  const seenIds = new MessageIdMemory(options.rememberedMessageIds ?? DEFAULT_REMEMBERED_IDS);
  // CALLs of the peer being handled (at most maxHandlers), and the ids of those whose handler answers
  // asynchronously: a CALL reusing one of them while it runs is refused (a synchronous handler has answered before
  // the next frame is read, so its id never needs to be kept here)
  let running = 0;
  const pendingIds: string[] = [];
  const settledPending = (messageId: string): void => {
    const i = pendingIds.indexOf(messageId);
    if (i < 0) return;
    const last = pendingIds.pop() as string;
    if (i < pendingIds.length) pendingIds[i] = last;
  };
  // created on first use: most handlers never look at their signal, and an idle connection should cost little
  let handlerAbort: AbortController | undefined;
  const handlerSignal = (): AbortSignal => {
    handlerAbort ??= new AbortController();
    if (state === "closed") handlerAbort.abort();
    return handlerAbort.signal;
  };
  let state: "open" | "closing" | "closed" = "open";
  let badMessages = 0;
  let closeWaiters: (() => void)[] = [];
  let pendingClose: { code: number; reason: string } | undefined;

  const write = (text: string): void => {
    if (state === "closed") return;
    if (tapSent) events.emit("frame:sent", { identity, text });
    try {
      transport.send(text);
    } catch (error) {
      logger.warn({ identity, error }, "ocpp: transport send failed");
    }
  };

  const relaxationUsed = (action: string | undefined, direction: Direction, relaxation: Relaxation, path?: string) => {
    events.emit("relaxation:applied", { identity, action, direction, relaxation, path });
  };
  const reportRelaxed = (action: string, direction: Direction, relaxed: readonly AppliedRelaxation[]) => {
    for (const r of relaxed) relaxationUsed(action, direction, r.relaxation, r.violation.path);
  };

  const bad = (problem: RpcProblem, description: string): void => {
    badMessages++;
    events.emit("message:bad", { identity, problem, description });
    if (badMessages > maxBad && state !== "closed") {
      logger.warn({ identity, badMessages }, "ocpp: too many bad messages, closing");
      finish(1002, "too many bad messages");
    }
  };

  const answerError = (messageId: string, code: RpcErrorCode, description: string, details?: object): void => {
    write(encodeCallError(version, messageId, code, description, details));
  };

  // ---- outbound calls ------------------------------------------------------------------------------------------

  const outbound = new OutboundQueue({
    clock,
    identity,
    write: (text) => write(text),
    onIdle: () => maybeFinishClose(),
  });

  const call = (
    callVersion: string,
    action: string,
    payload: unknown,
    callOptions: { timeoutMs?: number; signal?: AbortSignal; messageId?: string } = {},
  ): Promise<CallResult<unknown>> => {
    const fail = (code: "CLOSED" | "QUEUE_FULL" | "INVALID_REQUEST" | "ABORTED", message: string, extra = {}) =>
      Promise.resolve(err(new CallFailure(code, message, extra)));
    if (state !== "open") return fail("CLOSED", `connection to ${identity} is ${state}`);
    if (callVersion !== version) return fail("INVALID_REQUEST", `${identity} speaks ${version}, not ${callVersion}`);
    const entry = actionEntry(version, action);
    if (entry === undefined || entry.send)
      return fail("INVALID_REQUEST", `${version} has no CALL action ${JSON.stringify(action)}`);
    if (entry.sender !== role && entry.sender !== "both") {
      return fail("INVALID_REQUEST", `${action} is sent by the ${entry.sender} in ${version}, not by the ${role}`);
    }
    // the generated encoder checks and writes the payload in one pass; anything it leaves goes the reference way
    const json = payloadCodecs(version, action)?.request.encode(payload);
    if (json === undefined) {
      const check = validatePayload(version, action, "request", payload, { policy, direction: "outbound" });
      if (!check.ok) return fail("INVALID_REQUEST", check.description, { violations: check.violations });
      reportRelaxed(action, "outbound", check.relaxed);
    }
    const messageId = callOptions.messageId ?? newMessageId();
    if (!isValidMessageId(messageId))
      return fail("INVALID_REQUEST", "message id must be a string of 1 to 36 characters");
    if (outbound.inUse(messageId)) {
      return fail("INVALID_REQUEST", `message id ${messageId} is already in use on this connection`);
    }
    if (callOptions.signal?.aborted) return fail("ABORTED", `${action} aborted before it was sent`);
    if (outbound.waiting >= maxQueued) {
      return fail("QUEUE_FULL", `outbound queue to ${identity} is full (${maxQueued} calls waiting)`);
    }
    return new Promise((resolve) => {
      outbound.enqueue({
        messageId,
        action,
        text:
          json === undefined
            ? encodeCall(messageId, action, payload as object)
            : `[2,${jsonString(messageId)},${jsonString(action)},${json}]`,
        timeoutMs: callOptions.timeoutMs ?? defaultTimeout,
        signal: callOptions.signal,
        settle: resolve,
      });
    });
  };

  const onCallResult = (frame: CallResultFrame, nullPayload: boolean): void => {
    const call = outbound.outstanding;
    if (call === undefined || call.messageId !== frame.messageId) {
      if (outbound.isExpired(frame.messageId)) events.emit("reply:late", { identity, messageId: frame.messageId });
      else bad("malformedFrame", `CALLRESULT ${frame.messageId} answers no outstanding CALL`);
      return;
    }
    if (nullPayload && version !== "ocpp1.6") relaxationUsed(call.action, "inbound", "nullValue", "");
    const check = validatePayload(version, call.action, "response", frame.payload, { policy, direction: "inbound" });
    if (check.ok) {
      reportRelaxed(call.action, "inbound", check.relaxed);
      outbound.settleOutstanding(ok(frame.payload), false);
      return;
    }
    if (version === "ocpp2.1") write(encodeCallResultError(version, frame.messageId, check.code, check.description));
    outbound.settleOutstanding(
      err(
        new CallFailure(
          "INVALID_RESPONSE",
          `${identity} answered ${call.action} with an invalid payload: ${check.description}`,
          { violations: check.violations },
        ),
      ),
      false,
    );
  };

  const onCallError = (frame: CallErrorFrame): void => {
    if (frame.type === 5) {
      events.emit("result:rejected", {
        identity,
        messageId: frame.messageId,
        errorCode: frame.errorCode,
        description: frame.errorDescription,
      });
      return;
    }
    const call = outbound.outstanding;
    if (call === undefined || call.messageId !== frame.messageId) {
      if (outbound.isExpired(frame.messageId)) events.emit("reply:late", { identity, messageId: frame.messageId });
      else bad("malformedFrame", `CALLERROR ${frame.messageId} answers no outstanding CALL`);
      return;
    }
    const remote = {
      errorCode: frame.errorCode,
      code: parseErrorCode(frame.errorCode),
      description: frame.errorDescription,
      details: frame.errorDetails,
    };
    outbound.settleOutstanding(
      err(
        new CallFailure(
          "CALL_ERROR",
          `${identity} answered ${call.action} with ${frame.errorCode}${frame.errorDescription === "" ? "" : `: ${frame.errorDescription}`}`,
          { remote },
        ),
      ),
      false,
    );
  };

  // ---- inbound calls -------------------------------------------------------------------------------------------

  const findHandler = (action: string): AnyCallHandler | undefined =>
    (handlers === undefined ? undefined : handlers.callHandler(version, action)) ??
    fallback?.callHandler(version, action);

  const onCall = (frame: CallFrame, nullPayload: boolean, validated: boolean): void => {
    const { messageId, action } = frame;
    // remembered either way (2.1 lets a retried message reuse its id; only one still being handled is refused)
    const fresh = seenIds.remember(messageId);
    const duplicate = (pendingIds.length > 0 && pendingIds.includes(messageId)) || (version !== "ocpp2.1" && !fresh);
    if (duplicate) {
      answerError(
        messageId,
        errorCodeForProblem(version, "duplicateMessageId"),
        `message id ${messageId} was already used`,
      );
      bad("duplicateMessageId", `CALL ${action} reuses message id ${messageId}`);
      return;
    }
    const entry = actionEntry(version, action);
    if (entry === undefined) {
      answerError(
        messageId,
        errorCodeForProblem(version, "unknownAction"),
        `unknown action ${JSON.stringify(action).slice(0, 80)}`,
      );
      return;
    }
    if (entry.send) {
      answerError(messageId, errorCodeForProblem(version, "noHandler"), `${action} is a SEND message, not a CALL`);
      return;
    }
    for (const gate of gates) {
      const refusal = gate({ version, action, messageId, identity });
      if (refusal !== undefined) {
        answerError(messageId, refusal.code, refusal.description ?? "");
        return;
      }
    }
    const handler = findHandler(action);
    if (handler === undefined) {
      answerError(messageId, errorCodeForProblem(version, "noHandler"), `${action} is not supported here`);
      return;
    }
    if (nullPayload && version !== "ocpp1.6") relaxationUsed(action, "inbound", "nullValue", "");
    // a payload the generated parser read is valid already (what validatePayload would say, nothing relaxed)
    if (!validated) {
      const check = validatePayload(version, action, "request", frame.payload, { policy, direction: "inbound" });
      if (!check.ok) {
        answerError(messageId, check.code, check.description);
        return;
      }
      reportRelaxed(action, "inbound", check.relaxed);
    }
    if (running >= maxHandlers) {
      answerError(messageId, errorCodeForProblem(version, "tooManyCalls"), "too many calls in progress");
      return;
    }
    running++;
    const context = new HandlerContext(version, action, messageId, identity, frame.payload, handlerSignal);
    let result: unknown;
    try {
      result = handler(context as never);
    } catch (error) {
      handlerDone(messageId, action, undefined, error, true, false);
      return;
    }
    if (isThenable(result)) {
      pendingIds.push(messageId);
      result.then(
        (response) => handlerDone(messageId, action, response, undefined, false, true),
        (error: unknown) => handlerDone(messageId, action, undefined, error, true, true),
      );
    } else {
      // a synchronous handler is answered at once, without a trip through the microtask queue
      handlerDone(messageId, action, result, undefined, false, false);
    }
  };

  const handlerDone = (
    messageId: string,
    action: string,
    response: unknown,
    error: unknown,
    failed: boolean,
    pending: boolean,
  ): void => {
    running--;
    if (pending) settledPending(messageId);
    try {
      if (state === "closed") return;
      if (failed) {
        if (error instanceof RpcError) {
          answerError(messageId, error.rpcCode, error.message, error.rpcDetails);
          return;
        }
        events.emit("handler:failed", { identity, action, messageId, error });
        logger.error({ identity, action, error }, "ocpp: handler failed");
        answerError(messageId, errorCodeForProblem(version, "handlerFailed"), "the handler failed");
        return;
      }
      if (response === NO_REPLY) return;
      // the generated encoder checks and writes a valid response in one pass; the rest goes the reference way
      const json = payloadCodecs(version, action)?.response?.encode(response);
      if (json !== undefined) {
        write(`[3,${jsonString(messageId)},${json}]`);
        return;
      }
      const out = validatePayload(version, action, "response", response, { policy, direction: "outbound" });
      if (!out.ok) {
        events.emit("handler:failed", {
          identity,
          action,
          messageId,
          error: new Error(`invalid response: ${out.description}`),
        });
        answerError(messageId, errorCodeForProblem(version, "handlerFailed"), "the response could not be built");
        return;
      }
      if (out.relaxed.length > 0) reportRelaxed(action, "outbound", out.relaxed);
      write(encodeCallResult(messageId, response as object));
    } finally {
      maybeFinishClose();
    }
  };

  const onSend = (frame: SendFrame): void => {
    const entry = actionEntry(version, frame.action);
    if (entry === undefined || !entry.send) {
      bad("malformedFrame", `SEND of unknown SEND action ${JSON.stringify(frame.action).slice(0, 80)}`);
      return;
    }
    const check = validatePayload(version, frame.action, "request", frame.payload, { policy, direction: "inbound" });
    if (!check.ok) {
      events.emit("message:bad", { identity, problem: "malformedFrame", description: check.description });
      return;
    }
    reportRelaxed(frame.action, "inbound", check.relaxed);
    const handler =
      (handlers === undefined ? undefined : handlers.sendHandler(version, frame.action)) ??
      fallback?.sendHandler(version, frame.action);
    if (handler === undefined) return;
    const context = { version, action: frame.action, messageId: frame.messageId, identity, payload: frame.payload };
    Promise.resolve()
      .then(() => handler(context as never))
      .catch((error: unknown) =>
        events.emit("handler:failed", { identity, action: frame.action, messageId: frame.messageId, error }),
      );
  };

  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const decodeOptions: DecodeOptions = {
    version,
    ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    relax: (relaxation, messageId) => {
      const action =
        messageId !== undefined && outbound.outstanding?.messageId === messageId
          ? outbound.outstanding.action
          : undefined;
      return allows(policy, relaxation, action, "inbound");
    },
  };

  const receive = (text: string): void => {
    if (state === "closed") return;
    try {
      if (tapReceived) events.emit("frame:received", { identity, text });
      // the common case first: a compact, valid CALL (what decodeFrame would return, without its wrapper)
      if (text.length * 3 <= maxFrameBytes) {
        const call = readValidCall(text, version);
        if (call !== undefined) {
          onCall(call, false, true);
          return;
        }
      }
      const decoded = decodeFrame(text, decodeOptions);
      if (decoded.kind === "ignore") {
        if (decoded.reason === "emptyFrame") relaxationUsed(undefined, "inbound", "emptyFrame");
        return;
      }
      if (decoded.kind === "reject") {
        if (decoded.replyId !== undefined)
          answerError(decoded.replyId, errorCodeForProblem(version, decoded.problem), decoded.description);
        if (decoded.problem !== "payloadNotObject" && decoded.problem !== "frameTooLarge")
          bad(decoded.problem, decoded.description);
        return;
      }
      const { frame } = decoded;
      if (decoded.relaxed !== undefined) relaxationUsed(outbound.outstanding?.action, "inbound", decoded.relaxed);
      if (frame.type === 2) onCall(frame, decoded.nullPayload, decoded.validated === true);
      else if (frame.type === 3) onCallResult(frame, decoded.nullPayload);
      else if (frame.type === 6) onSend(frame);
      else onCallError(frame);
    } catch (error) {
      // a listener threw; the endpoint itself never does
      logger.error({ identity, error }, "ocpp: error while handling an inbound frame");
    }
  };

  // ---- closing -------------------------------------------------------------------------------------------------

  const finish = (code: number, reason: string): void => {
    if (state === "closed") return;
    state = "closed";
    handlerAbort?.abort();
    outbound.failAll(
      new CallFailure("CLOSED", `connection to ${identity} closed (${code}${reason === "" ? "" : ` ${reason}`})`),
    );
    try {
      transport.close(code, reason);
    } catch (error) {
      logger.warn({ identity, error }, "ocpp: transport close failed");
    }
    events.emit("connection:closed", { identity, code, reason });
    const waiters = closeWaiters;
    closeWaiters = [];
    for (const w of waiters) w();
  };

  function maybeFinishClose(): void {
    if (state !== "closing" || pendingClose === undefined) return;
    if (outbound.outstanding !== undefined || outbound.waiting > 0 || running > 0) return;
    finish(pendingClose.code, pendingClose.reason);
  }

  const endpoint: RpcEndpoint<R> = {
    role,
    version,
    identity,
    get state() {
      return state;
    },
    events,
    get handlers() {
      return ownHandlers();
    },
    handle: (v, a, h) => ownHandlers().handle(v, a, h),
    handleSend: (v, a, h) => ownHandlers().handleSend(v, a, h),
    addGate(gate) {
      gates.push(gate);
      return () => {
        const index = gates.indexOf(gate);
        if (index >= 0) gates.splice(index, 1);
      };
    },
    call: call as RpcEndpoint<R>["call"],
    send(sendVersion, action, payload): Result<void, CallFailure> {
      if (state !== "open") return err(new CallFailure("CLOSED", `connection to ${identity} is ${state}`));
      if (sendVersion !== version || version !== "ocpp2.1") {
        return err(
          new CallFailure("INVALID_REQUEST", `SEND needs an OCPP 2.1 connection; ${identity} speaks ${version}`),
        );
      }
      const entry = actionEntry(version, action);
      if (entry === undefined || !entry.send || (entry.sender !== role && entry.sender !== "both")) {
        return err(new CallFailure("INVALID_REQUEST", `${action} is not a SEND action the ${role} sends`));
      }
      const check = validatePayload(version, action, "request", payload, { policy, direction: "outbound" });
      if (!check.ok)
        return err(new CallFailure("INVALID_REQUEST", check.description, { violations: check.violations }));
      reportRelaxed(action, "outbound", check.relaxed);
      write(encodeSend(version, newMessageId(), action, payload as object));
      return ok(undefined);
    },
    receive,
    transportClosed(code, reason) {
      finish(code, reason);
    },
    close(closeOptions = {}) {
      if (state === "closed") return Promise.resolve();
      const code = closeOptions.code ?? 1000;
      const reason = closeOptions.reason ?? "";
      const done = new Promise<void>((resolve) => closeWaiters.push(resolve));
      if (closeOptions.force === true) {
        finish(code, reason);
        return done;
      }
      state = "closing";
      pendingClose = { code, reason };
      outbound.drain();
      maybeFinishClose();
      return done;
    },
  };
  return endpoint;
}
