import { connect, type Socket } from "node:net";
import { createManualClock } from "@chargekit/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpListener, type HttpListener } from "./listener.js";

const clock = createManualClock(0);
const sockets: Socket[] = [];
let listener: HttpListener | undefined;

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  listener?.server.closeAllConnections();
  listener = undefined;
});

/** Opens a TCP connection to the listener and resolves once it is accepted. */
async function openSocket(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  socket.on("error", () => {});
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return socket;
}

/** Resolves with the socket's `close`, or with "open" if it is still open after `ms` of real time. */
function closedWithin(socket: Socket, ms: number): Promise<"closed" | "open"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("open"), ms);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve("closed");
    });
  });
}

describe("createHttpListener().drain", () => {
  it("does not wait for a connection that never sent a request (a browser's pre-connected socket)", async () => {
    listener = createHttpListener((_req, res) => res.end("ok"));
    const { port } = await listener.listen(0, "127.0.0.1");
    const socket = await openSocket(port);
    const closed = closedWithin(socket, 2_000);
    // The manual clock never moves: the drain may not rely on a grace timer for a connection with no request.
    const result = await Promise.race([
      listener.drain(clock, 10_000),
      new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 2_000)),
    ]);
    expect(result).toEqual({ cut: 0 });
    expect(await closed).toBe("closed");
  });

  it("does not wait for a keep-alive connection whose last response has finished", async () => {
    listener = createHttpListener((_req, res) => res.end("ok"));
    const { port } = await listener.listen(0, "127.0.0.1");
    const socket = await openSocket(port);
    const answered = new Promise<string>((resolve) => socket.once("data", (chunk) => resolve(String(chunk))));
    socket.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
    expect(await answered).toMatch(/^HTTP\/1\.1 200/);
    const result = await Promise.race([
      listener.drain(clock, 10_000),
      new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 2_000)),
    ]);
    expect(result).toEqual({ cut: 0 });
  });

  it("lets a request in flight finish within the grace, then closes", async () => {
    let finish: () => void = () => {};
    listener = createHttpListener((_req, res) => {
      finish = () => res.end("late");
    });
    const { port } = await listener.listen(0, "127.0.0.1");
    const socket = await openSocket(port);
    const answered = new Promise<string>((resolve) => socket.once("data", (chunk) => resolve(String(chunk))));
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await expect.poll(() => listener?.inFlight()).toBe(1);
    const drained = listener.drain(clock, 10_000);
    finish();
    expect(await answered).toMatch(/late$/);
    expect(await drained).toEqual({ cut: 0 });
  });

  it("cuts a request still running when the grace ends on the clock", async () => {
    listener = createHttpListener(() => {});
    const { port } = await listener.listen(0, "127.0.0.1");
    const socket = await openSocket(port);
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await expect.poll(() => listener?.inFlight()).toBe(1);
    const closed = closedWithin(socket, 2_000);
    const drained = listener.drain(clock, 10_000);
    await clock.advanceAsync(10_000);
    expect(await drained).toEqual({ cut: 1 });
    expect(await closed).toBe("closed");
  });
});
