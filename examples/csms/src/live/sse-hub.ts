import { ChargekitError, type Clock, every, type Logger } from "@chargekit/core";
import type { Principal } from "../auth/principal.js";
import { type Audience, canReceive } from "./audience.js";
import { sseComment, sseFrame, sseRetry } from "./sse-format.js";

/** An event for live subscribers. */
export interface LiveEvent {
  /** The topic subscribers pick (`stations`, `sites`, `queues`, `reservations` …). */
  readonly topic: string;
  /** The SSE event name, `noun:verb` (`station:status`). */
  readonly type: string;
  /** The JSON payload. */
  readonly data: unknown;
  /** Who may receive it. */
  readonly audience: Audience;
}

/** The part of a `ServerResponse` the hub writes to (a fake in tests). */
export interface SseSink {
  /** Sends status and headers. */
  writeHead(status: number, headers: Readonly<Record<string, string>>): unknown;
  /** Writes a chunk; false when the socket's buffer is full (wait for `drain`). */
  write(chunk: string): boolean;
  /** Ends the response. */
  end(): unknown;
  /** Drops the connection at once. */
  destroy(): unknown;
  /** `drain`: the buffer emptied; `close`: the connection is gone. */
  on(event: "drain" | "close", listener: () => void): unknown;
}

/** How a subscriber attaches. */
export interface Subscription {
  /** The caller; events are filtered by {@link canReceive}. */
  readonly principal: Principal;
  /** Topics wanted; empty: all. */
  readonly topics: ReadonlySet<string>;
  /** The `Last-Event-ID` of a reconnecting `EventSource`: missed events are replayed, or a `stream:reset` sent. */
  readonly lastEventId?: string | undefined;
}

/** Options of {@link createSseHub}. */
export interface SseHubOptions {
  /** Drives the heartbeat. */
  readonly clock: Clock;
  /** Where the hub logs slow consumers. */
  readonly logger: Logger;
  /** Keep-alive comment period in ms (proxies drop idle streams). */
  readonly heartbeatMs: number;
  /** Most bytes queued for one subscriber whose socket is full before it is disconnected (default 1 MiB). */
  readonly maxQueuedBytes?: number;
  /** How many recent events are kept for replay after a reconnect (default 1000). */
  readonly replaySize?: number;
  /** Reconnect delay suggested to clients in ms (default 2000). */
  readonly retryMs?: number;
  /** Most streams one API key may hold open at once (default 16). */
  readonly maxPerKey?: number;
  /** Most streams open at once in all (default 10 000). */
  readonly maxSubscribers?: number;
}

/** Live-update fan-out over server-sent events. */
export interface SseHub {
  /** Sends `event` to every subscriber of its topic that may receive it; returns its SSE id. */
  publish(event: LiveEvent): string;
  /**
   * Starts an event stream on `sink` (sends the headers); it lasts until the client goes or the hub closes. Throws
   * a `LIMIT_EXCEEDED` ChargekitError (HTTP 429), before writing anything, when the key or the hub is at its bound.
   */
  attach(sink: SseSink, subscription: Subscription): void;
  /** Subscribers connected now. */
  size(): number;
  /** Ends every stream (after a `stream:closing` event) and stops the heartbeat. */
  close(): void;
}

/** Response headers of an event stream. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-store",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

interface Client {
  readonly sink: SseSink;
  readonly subscription: Subscription;
  readonly queue: string[];
  queuedBytes: number;
  congested: boolean;
  open: boolean;
}

/**
 * Creates the hub. Each subscriber gets only the events of its topics that its principal may receive (a driver
 * only its own), in publish order. Writes go straight to the socket until it reports a full buffer; then frames
 * queue up to `maxQueuedBytes` and flush on `drain`, and a subscriber that falls further behind is disconnected
 * (it reconnects with `Last-Event-ID` and is replayed). A heartbeat comment goes out every `heartbeatMs` on the clock.
 */
export function createSseHub(options: SseHubOptions): SseHub {
  const maxQueuedBytes = options.maxQueuedBytes ?? 1024 * 1024;
  const replaySize = options.replaySize ?? 1000;
  const maxPerKey = options.maxPerKey ?? 16;
  const maxSubscribers = options.maxSubscribers ?? 10_000;
  const log = options.logger.child({ component: "sse" });
  const clients = new Set<Client>();
  const recent: { seq: number; event: LiveEvent }[] = [];
  // Ids are `<run>.<seq>`: a Last-Event-ID from an earlier server run is recognised and answered with a reset.
  const run = options.clock.now().toString(36);
  const idOf = (seq: number): string => `${run}.${seq}`;
  let nextSeq = 1;
  let closed = false;

  const drop = (client: Client): void => {
    client.open = false;
    clients.delete(client);
  };

  const send = (client: Client, chunk: string): void => {
    if (!client.open) return;
    if (client.congested) {
      client.queue.push(chunk);
      client.queuedBytes += Buffer.byteLength(chunk);
      if (client.queuedBytes > maxQueuedBytes) {
        log.warn(
          { keyId: client.subscription.principal.keyId, queuedBytes: client.queuedBytes },
          "slow consumer dropped",
        );
        drop(client);
        client.sink.destroy();
      }
      return;
    }
    if (!client.sink.write(chunk)) client.congested = true;
  };

  const flush = (client: Client): void => {
    client.congested = false;
    while (client.open && !client.congested && client.queue.length > 0) {
      const chunk = client.queue.shift() ?? "";
      client.queuedBytes -= Buffer.byteLength(chunk);
      if (!client.sink.write(chunk)) client.congested = true;
    }
  };

  const wants = (client: Client, event: LiveEvent): boolean =>
    (client.subscription.topics.size === 0 || client.subscription.topics.has(event.topic)) &&
    canReceive(client.subscription.principal, event.audience);

  const stopHeartbeat = every(options.clock, options.heartbeatMs, () => {
    for (const client of clients) send(client, sseComment("heartbeat"));
  });

  return {
    publish(event) {
      const seq = nextSeq++;
      recent.push({ seq, event });
      if (recent.length > replaySize) recent.shift();
      const frame = sseFrame(idOf(seq), event.type, event.data);
      for (const client of clients) if (wants(client, event)) send(client, frame);
      return idOf(seq);
    },
    attach(sink, subscription) {
      const keyId = subscription.principal.keyId;
      const perKey = [...clients].filter((c) => c.subscription.principal.keyId === keyId).length;
      if (perKey >= maxPerKey || clients.size >= maxSubscribers) {
        throw new ChargekitError("LIMIT_EXCEEDED", `too many open event streams (at most ${maxPerKey} per API key)`, {
          details: { perKey, total: clients.size },
        });
      }
      sink.writeHead(200, SSE_HEADERS);
      if (closed) {
        sink.end();
        return;
      }
      const client: Client = { sink, subscription, queue: [], queuedBytes: 0, congested: false, open: true };
      clients.add(client);
      sink.on("close", () => drop(client));
      sink.on("drain", () => flush(client));
      send(client, sseRetry(options.retryMs ?? 2000));
      if (subscription.lastEventId === undefined) {
        send(client, sseComment("connected"));
        return;
      }
      const [lastRun, lastText] = subscription.lastEventId.split(".");
      const last = Number(lastText);
      const oldest = recent[0]?.seq ?? nextSeq;
      if (lastRun !== run || !Number.isSafeInteger(last) || last + 1 < oldest || last >= nextSeq) {
        // Missed events are gone, or the id is from an earlier server run: the client must reload its snapshot.
        send(client, sseFrame(idOf(nextSeq - 1), "stream:reset", { reason: "missed events are not available" }));
        return;
      }
      for (const { seq, event } of recent) {
        if (seq > last && wants(client, event)) send(client, sseFrame(idOf(seq), event.type, event.data));
      }
    },
    size: () => clients.size,
    close() {
      if (closed) return;
      closed = true;
      stopHeartbeat();
      for (const client of [...clients]) {
        send(client, sseFrame(idOf(nextSeq - 1), "stream:closing", { reason: "server shutting down" }));
        drop(client);
        client.sink.end();
      }
    },
  };
}
