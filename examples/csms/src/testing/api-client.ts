/** A response body, as tests read it: field by field. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
export type Json = any;

/** A JSON call to the CSMS's HTTP API with an API key. */
export type ApiCall = (
  method: string,
  path: string,
  key: string,
  body?: unknown,
) => Promise<{ status: number; body: Json }>;

/** An {@link ApiCall} against `base` (`http://127.0.0.1:<port>`). */
export function apiClient(base: string | (() => string)): ApiCall {
  return async (method, path, key, body) => {
    const url = `${typeof base === "string" ? base : base()}${path}`;
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
  };
}
