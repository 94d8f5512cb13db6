import { codecsAt as at16, codecs as v16 } from "../generated/v16/codecs.js";
import { codecsAt as at21, codecs as v21 } from "../generated/v21/codecs.js";
import { codecsAt as at201, codecs as v201 } from "../generated/v201/codecs.js";
import type { OcppVersion } from "../schema/versions.js";
import type { JsonReader } from "./json-reader.js";

/**
 * The generated fast paths of one message schema (`codegen/emit-parser.ts`, `codegen/emit-encoder.ts`). Both do the
 * work of the generated validator (strict, no relaxation) along the way and give up with `undefined` when a value
 * is invalid or outside what they handle; the caller then takes the reference path (`JSON.parse` or
 * `JSON.stringify`, and `validatePayload`), so giving up never changes an outcome.
 *
 * @internal
 */
export interface PayloadCodec {
  /** Reads a valid payload from compact JSON at the reader's position, exactly as `JSON.parse` builds it. */
  readonly parse: (reader: JsonReader) => unknown;
  /** The JSON text of a valid payload (properties in schema order). */
  readonly encode: (value: unknown) => string | undefined;
}

/** The fast paths of one action's messages. @internal */
export interface ActionCodecs {
  /** The action name. */
  readonly action: string;
  /** Its request (CALL or SEND) payload. */
  readonly request: PayloadCodec;
  /** Its response (CALLRESULT) payload; undefined for a SEND action. */
  readonly response: PayloadCodec | undefined;
}

/** The fast paths of one version's messages, by action. @internal */
export type PayloadCodecs = Readonly<Record<string, ActionCodecs>>;

// Maps, as in the registry: one hash lookup, and no prototype key ever matches an action name.
const V16 = new Map(Object.entries(v16));
const V201 = new Map(Object.entries(v201));
const V21 = new Map(Object.entries(v21));

/** The fast paths of `action` in `version`, or undefined for an action the version does not define. @internal */
export function payloadCodecs(version: OcppVersion, action: string): ActionCodecs | undefined {
  return (version === "ocpp2.0.1" ? V201 : version === "ocpp1.6" ? V16 : V21).get(action);
}

/**
 * The fast paths of the action whose name, followed by its closing quote, stands at `text[start]` (no escapes), or
 * undefined. Reads the name in place: no string is made and nothing is hashed.
 *
 * @internal
 */
export function payloadCodecsAt(version: OcppVersion, text: string, start: number): ActionCodecs | undefined {
  return version === "ocpp2.0.1" ? at201(text, start) : version === "ocpp1.6" ? at16(text, start) : at21(text, start);
}
