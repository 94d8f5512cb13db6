/**
 * One server-sent event frame: `id`, `event` and a single `data` line of JSON (JSON.stringify never emits a raw
 * line break, so one line always holds it).
 */
export function sseFrame(id: string, event: string, data: unknown): string {
  if (/[\r\n]/.test(event)) throw new TypeError(`SSE event names cannot contain line breaks: ${JSON.stringify(event)}`);
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line (ignored by `EventSource`), used as a keep-alive. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

/** Tells `EventSource` how long to wait before reconnecting, in ms. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}
