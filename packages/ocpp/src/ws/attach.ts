import type { Clock } from "@chargekit/core";
import type { WebSocket } from "ws";
import { createRpcEndpoint } from "../rpc/endpoint.js";
import type { RpcEndpoint, RpcEndpointOptions } from "../rpc/endpoint-types.js";
import type { Role } from "../schema/action-spec.js";
import { createKeepalive } from "./keepalive.js";

/**
 * Runs an RPC endpoint over an open `ws` WebSocket: text frames go to the endpoint, binary frames count as bad
 * messages, the socket's close settles the endpoint, and a ping/pong keepalive terminates half-open sockets.
 *
 * @internal
 */
export function attachEndpoint<R extends Role>(
  ws: WebSocket,
  options: Omit<RpcEndpointOptions<R>, "transport">,
  keepalive: { readonly clock: Clock; readonly intervalMs: number },
): RpcEndpoint<R> {
  const endpoint = createRpcEndpoint<R>({
    ...options,
    transport: {
      send: (text) => {
        if (ws.readyState === ws.OPEN) ws.send(text);
      },
      close: (code, reason) => {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
      },
    },
  });
  const alive = createKeepalive({
    clock: keepalive.clock,
    intervalMs: keepalive.intervalMs,
    ping: () => ws.ping(),
    onDead: () => {
      ws.terminate();
      endpoint.transportClosed(1006, "no pong: connection is half-open");
    },
  });
  ws.on("pong", () => alive.pong());
  ws.on("message", (data, isBinary) => {
    if (isBinary) {
      // OCPP-J uses text frames only; the endpoint counts it as a malformed frame
      endpoint.receive("\u0000binary frame");
      return;
    }
    const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    endpoint.receive(buffer.toString("utf8"));
  });
  ws.on("close", (code, reason) => {
    alive.stop();
    endpoint.transportClosed(code, reason.toString("utf8"));
  });
  ws.on("error", () => {
    // followed by "close"
  });
  return endpoint;
}
