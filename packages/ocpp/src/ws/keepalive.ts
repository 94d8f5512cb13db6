import { ChargekitError, type Clock, type TimerHandle } from "@chargekit/core";

/**
 * Options of {@link createKeepalive}.
 *
 * @category Transport
 */
export interface KeepaliveOptions {
  /** Time source. */
  readonly clock: Clock;
  /** Time between pings (`WebSocketPingInterval`); 0 disables the keepalive. */
  readonly intervalMs: number;
  /** Sends a WebSocket ping. */
  readonly ping: () => void;
  /** Called once when a ping got no pong within one interval: the socket is half-open and must be dropped. */
  readonly onDead: () => void;
}

/**
 * A running keepalive: call {@link Keepalive.pong} on every pong, {@link Keepalive.stop} when the socket closes.
 *
 * @category Transport
 */
export interface Keepalive {
  /** Records a pong from the peer. */
  pong(): void;
  /** Stops pinging. */
  stop(): void;
}

/**
 * Pings every `intervalMs` and declares the connection dead when a ping was not answered by the next tick, which
 * detects half-open sockets (a peer that vanished without a TCP close). A WebSocket ping does not replace OCPP's
 * Heartbeat, which also synchronises clocks.
 *
 * @category Transport
 */
export function createKeepalive(options: KeepaliveOptions): Keepalive {
  const { clock, intervalMs, ping, onDead } = options;
  if (!(intervalMs >= 0)) throw new ChargekitError("INVALID_ARGUMENT", `ping interval must be >= 0, got ${intervalMs}`);
  let awaitingPong = false;
  let stopped = intervalMs === 0;
  let timer: TimerHandle | undefined;
  const tick = (): void => {
    timer = undefined;
    if (stopped) return;
    if (awaitingPong) {
      stopped = true;
      onDead();
      return;
    }
    awaitingPong = true;
    try {
      ping();
    } catch {
      // a socket that cannot even ping will fail the next tick
    }
    timer = clock.setTimeout(tick, intervalMs);
  };
  if (!stopped) timer = clock.setTimeout(tick, intervalMs);
  return {
    pong() {
      awaitingPong = false;
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
