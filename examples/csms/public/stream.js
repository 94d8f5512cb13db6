// @ts-check
// A server-sent-events client over fetch(), because EventSource cannot send an Authorization header.

/**
 * @typedef {{ id?: string | undefined, event: string, data: unknown }} StreamEvent
 * @typedef {{
 *   url: string,
 *   key: string,
 *   onEvent: (event: StreamEvent) => void,
 *   onState: (state: "live" | "reconnecting" | "error", detail?: string) => void,
 * }} StreamOptions
 */

/**
 * Parses complete frames out of `buffer`; returns them and the unparsed rest.
 * @param {string} buffer
 * @returns {{ frames: { id?: string, event?: string, data?: string, retry?: number }[], rest: string }}
 */
export function parseFrames(buffer) {
  const frames = [];
  const blocks = buffer.replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    /** @type {{ id?: string, event?: string, data?: string, retry?: number }} */
    const frame = {};
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id") frame.id = value;
      else if (field === "event") frame.event = value;
      else if (field === "data") frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
      else if (field === "retry" && /^\d+$/.test(value)) frame.retry = Number(value);
    }
    frames.push(frame);
  }
  return { frames, rest };
}

/**
 * Follows the event stream until `stop()` is called, reconnecting with Last-Event-ID after a drop.
 * @param {StreamOptions} options
 * @returns {{ stop: () => void }}
 */
export function followStream(options) {
  let stopped = false;
  let retryMs = 2000;
  /** @type {string | undefined} */
  let lastEventId;
  /** @type {AbortController | undefined} */
  let current;

  const connect = async () => {
    while (!stopped) {
      current = new AbortController();
      try {
        /** @type {Record<string, string>} */
        const headers = { authorization: `Bearer ${options.key}`, accept: "text/event-stream" };
        if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
        const res = await fetch(options.url, { headers, signal: current.signal, cache: "no-store" });
        if (res.status === 401 || res.status === 403) {
          options.onState("error", "the API key was refused");
          return;
        }
        if (!res.ok || res.body === null) throw new Error(`HTTP ${res.status}`);
        options.onState("live");
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseFrames(buffer + value);
          buffer = parsed.rest;
          for (const frame of parsed.frames) {
            if (frame.retry !== undefined) retryMs = frame.retry;
            if (frame.id !== undefined) lastEventId = frame.id;
            if (frame.event === undefined || frame.data === undefined) continue;
            options.onEvent({ id: frame.id, event: frame.event, data: JSON.parse(frame.data) });
          }
        }
      } catch (error) {
        if (stopped) return;
        options.onState("reconnecting", error instanceof Error ? error.message : String(error));
      }
      if (stopped) return;
      options.onState("reconnecting");
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void connect();
  return {
    stop() {
      stopped = true;
      current?.abort();
    },
  };
}
