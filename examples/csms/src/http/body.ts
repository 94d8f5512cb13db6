import type { IncomingMessage } from "node:http";
import { httpError } from "./errors.js";

/**
 * Reads a JSON request body of at most `maxBytes`: `415` unless the content type is `application/json`, `413` as
 * soon as the declared or received size passes the bound (without buffering the rest), `400` for malformed JSON
 * or an empty body.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw httpError("UNSUPPORTED_MEDIA_TYPE", `expected Content-Type: application/json, got ${type || "none"}`);
  }
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks, size).toString("utf8");
  if (text.trim() === "") {
    throw httpError("INVALID_INPUT", "the request body is empty", [{ path: "body", message: "expected a JSON value" }]);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw httpError("INVALID_INPUT", "the request body is not valid JSON", [
      { path: "body", message: `not valid JSON: ${(cause as Error).message}` },
    ]);
  }
}

function tooLarge(maxBytes: number) {
  return httpError("PAYLOAD_TOO_LARGE", `the request body is larger than ${maxBytes} bytes`);
}
