import { type Frame, parseFrames } from "./fake-sink.js";

/** A live connection to an SSE endpoint, collecting frames as they arrive. */
export interface SseConnection {
  /** HTTP status of the response. */
  readonly status: number;
  /** Frames received so far. */
  readonly frames: Frame[];
  /** Resolves with the first received frame that `match` accepts (waiting for it if needed). */
  next(match: (frame: Frame) => boolean): Promise<Frame>;
  /** Resolves when the server ended the stream. */
  readonly ended: Promise<void>;
  /** Closes the connection from the client side. */
  close(): void;
}

/** Opens `url` as an event stream with `key` and starts collecting frames. */
export async function openSse(url: string, key: string, lastEventId?: string): Promise<SseConnection> {
  const aborter = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
  const res = await fetch(url, { headers, signal: aborter.signal });
  const frames: Frame[] = [];
  const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  const ended = (async () => {
    if (res.body === null) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const cut = buffer.lastIndexOf("\n\n");
        if (cut === -1) continue;
        for (const frame of parseFrames(buffer.slice(0, cut + 2))) {
          frames.push(frame);
          for (const waiter of [...waiters]) {
            if (waiter.match(frame)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(frame);
            }
          }
        }
        buffer = buffer.slice(cut + 2);
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    frames,
    ended,
    next: (match) => {
      const seen = frames.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => aborter.abort(),
  };
}
