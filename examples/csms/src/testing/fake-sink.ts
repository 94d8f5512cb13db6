import type { SseSink } from "../live/sse-hub.js";

/** A parsed SSE frame. */
export interface Frame {
  /** `id:` field. */
  readonly id?: string;
  /** `event:` field. */
  readonly event?: string;
  /** `data:` parsed as JSON. */
  readonly data?: unknown;
  /** A comment line's text. */
  readonly comment?: string;
  /** `retry:` field. */
  readonly retry?: number;
}

/** Parses an event-stream text into frames. */
export function parseFrames(text: string): Frame[] {
  return text
    .split("\n\n")
    .filter((block) => block !== "")
    .map((block) => {
      const frame: Record<string, unknown> = {};
      for (const line of block.split("\n")) {
        if (line.startsWith(": ")) frame["comment"] = line.slice(2);
        else if (line.startsWith("id: ")) frame["id"] = line.slice(4);
        else if (line.startsWith("event: ")) frame["event"] = line.slice(7);
        else if (line.startsWith("data: ")) frame["data"] = JSON.parse(line.slice(6));
        else if (line.startsWith("retry: ")) frame["retry"] = Number(line.slice(7));
      }
      return frame as Frame;
    });
}

/** An in-memory {@link SseSink} whose socket buffer can be made to look full. */
export class FakeSink implements SseSink {
  /** Status and headers sent. */
  head: { status: number; headers: Readonly<Record<string, string>> } | undefined;
  /** Everything written, in order. */
  written = "";
  /** `end()` was called. */
  ended = false;
  /** `destroy()` was called. */
  destroyed = false;
  /** While true, `write` reports a full buffer (the chunk is still taken, as Node does). */
  full = false;
  private readonly listeners = new Map<string, (() => void)[]>();

  writeHead(status: number, headers: Readonly<Record<string, string>>): this {
    this.head = { status, headers };
    return this;
  }
  write(chunk: string): boolean {
    this.written += chunk;
    return !this.full;
  }
  end(): this {
    this.ended = true;
    this.emit("close");
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    this.emit("close");
    return this;
  }
  on(event: "drain" | "close", listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Fires `drain` (the buffer emptied). */
  drain(): void {
    this.full = false;
    this.emit("drain");
  }
  /** Simulates the client going away. */
  disconnect(): void {
    this.emit("close");
  }
  /** The frames written so far. */
  frames(): Frame[] {
    return parseFrames(this.written);
  }
  /** The named events written so far. */
  events(): Frame[] {
    return this.frames().filter((f) => f.event !== undefined);
  }
  private emit(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}
