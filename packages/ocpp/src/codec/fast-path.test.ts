/**
 * The generated fast paths (a parser and an encoder per message schema, `codegen/emit-parser.ts` and
 * `codegen/emit-encoder.ts`) against independent references, for every message of every version:
 *
 * - what the parser returns is exactly what `JSON.parse` builds (same keys in the same order, -0 kept), for a
 *   payload ajv accepts on the raw OCA schema; it reads every valid compact payload, and for any mutated frame it
 *   either gives up or agrees with `JSON.parse` and ajv;
 * - what the encoder writes parses back to the value (as `JSON.stringify` would write it) and passes ajv; it writes
 *   every valid value, and for any mutated value it either gives up or the value is valid.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionEntry } from "../schema/registry.js";
import type { OcppVersion } from "../schema/versions.js";
import { readValidCall } from "./decode.js";
import { isValidMessageId } from "./frames.js";
import { JsonReader } from "./json-reader.js";
import { payloadCodecs } from "./payload-codec.js";
import {
  anyValidArb,
  hasUndeclaredOrUnconstrained,
  type Json,
  type RawMessage,
  rawMessages,
  sameJson,
  sameJsonAnyOrder,
  validArb,
} from "./schema-arbitrary.test-util.js";

const VERSIONS: readonly OcppVersion[] = ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"];
const RUNS = Number(process.env["CK_FAST_PATH_RUNS"] ?? 12);
const MUTATION_RUNS = RUNS * 3;

/** `value` with the keys of every object in a different order, chosen by `seed`. */
function shuffleKeys(value: Json, seed: number): Json {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
  if (typeof value !== "object" || value === null) return value;
  const keys = Object.keys(value);
  const out: Record<string, Json> = {};
  let s = seed;
  while (keys.length > 0) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const [k] = keys.splice(s % keys.length, 1);
    if (k !== undefined) out[k] = shuffleKeys(value[k] as Json, s);
  }
  return out;
}

function codecOf(m: RawMessage) {
  const codecs = payloadCodecs(m.version, m.action);
  const codec = m.kind === "request" ? codecs?.request : codecs?.response;
  if (codec === undefined) throw new Error(`no codec for ${m.version} ${m.action} ${m.kind}`);
  return codec;
}

function validatorOf(m: RawMessage) {
  const entry = actionEntry(m.version, m.action);
  const message = m.kind === "request" ? entry?.request : entry?.response;
  if (message === undefined) throw new Error(`no validator for ${m.version} ${m.action} ${m.kind}`);
  return (value: unknown) => message.validate(value, undefined, "");
}

/** The parser on a payload text alone: the value, or undefined when it gave up or did not read all of it. */
function parsePayload(m: RawMessage, text: string): unknown {
  const reader = new JsonReader(text, 0);
  const value = codecOf(m).parse(reader);
  return value === undefined || reader.i !== text.length ? undefined : value;
}

/** ajv, allowing the one documented deviation: "Celsius" where a 1.6 file lists only "Celcius". */
function ajvAccepts(m: RawMessage, value: unknown): boolean {
  if (m.ajv(value)) return true;
  const text = JSON.stringify(value);
  return text.includes('"Celsius"') && m.ajv(JSON.parse(text.replaceAll('"Celsius"', '"Celcius"')));
}

describe("parsers: exactly JSON.parse, for valid payloads only", () => {
  for (const version of VERSIONS) {
    it(`${version}: every message, generated valid payloads in any key order`, { timeout: 120_000 }, () => {
      let read = 0;
      let total = 0;
      for (const m of rawMessages().filter((x) => x.version === version)) {
        fc.assert(
          fc.property(anyValidArb(m.schema), fc.nat(), (generated, seed) => {
            const value = shuffleKeys(generated, seed);
            const text = JSON.stringify(value);
            total++;
            expect(m.ajv(JSON.parse(text)), `${m.action} ${m.kind}: generator made an invalid payload`).toBe(true);
            const parsed = parsePayload(m, text);
            if (parsed !== undefined) {
              expect(sameJson(parsed, JSON.parse(text)), `${m.action} ${m.kind} ${text}`).toBe(true);
              read++;
            } else {
              // giving up is allowed only where the parser is not meant to read: escapes, unconstrained properties
              expect(
                text.includes("\\") || hasUndeclaredOrUnconstrained(value, m.schema),
                `${m.action} ${m.kind} gave up on ${text}`,
              ).toBe(true);
            }
            if (m.kind === "request") {
              const frame = `[2,"id-7",${JSON.stringify(m.action)},${text}]`;
              const call = readValidCall(frame, version);
              if (parsed === undefined) expect(call).toBeUndefined();
              else {
                expect(call?.messageId).toBe("id-7");
                expect(call?.action).toBe(m.action);
                expect(sameJson(call?.payload, JSON.parse(text))).toBe(true);
              }
            }
          }),
          { numRuns: RUNS },
        );
      }
      console.info(`${version}: parsers read ${read} of ${total} valid payloads`);
      // the plain half of the samples at least (strings without characters JSON.stringify escapes)
      expect(read / total).toBeGreaterThan(0.4);
    });
  }
});

/** Text edits that a JSON reader must notice: whitespace, escapes, number forms, broken structure. */
const INSERTS = [" ", "\n", '"', "\\", ",", ":", "{", "}", "[", "]", "0", "-", ".", "e", "null", "\\u0041", "\u0000"];
const NUMBER_FORMS = [
  "-0",
  "0",
  "1e2",
  "1.0",
  "01",
  "1.",
  ".5",
  "1e400",
  "-1e400",
  "1E+2",
  "0.1e1",
  "2.5",
  "-1",
  "1e-7",
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...INSERTS) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), text: fc.constant("") }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), text: fc.constantFrom(...INSERTS) }),
  fc.record({ kind: fc.constant("number" as const), at: fc.nat(), text: fc.constantFrom(...NUMBER_FORMS) }),
  fc.record({ kind: fc.constant("escape" as const), at: fc.nat(), text: fc.constant("") }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), text: fc.constant("") }),
);

function mutate(text: string, m: { kind: string; at: number; text: string }): string {
  const at = m.at % (text.length + 1);
  switch (m.kind) {
    case "insert":
      return text.slice(0, at) + m.text + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + 1);
    case "replace":
      return text.slice(0, at) + m.text + text.slice(at + 1);
    case "number": {
      // replace the n-th number literal
      const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g)];
      const hit = numbers[m.at % Math.max(1, numbers.length)];
      if (hit?.index === undefined) return text;
      return text.slice(0, hit.index) + m.text + text.slice(hit.index + hit[0].length);
    }
    case "escape": {
      // write one letter inside a string as a \u escape (same value, different text)
      const letters = [...text.matchAll(/[A-Za-z]/g)];
      const hit = letters[m.at % Math.max(1, letters.length)];
      if (hit?.index === undefined) return text;
      const code = hit[0].charCodeAt(0).toString(16).padStart(4, "0");
      return `${text.slice(0, hit.index)}\\u${code}${text.slice(hit.index + 1)}`;
    }
    default: {
      // repeat the first property of the payload: a duplicate key
      const open = text.indexOf("{");
      const colon = text.indexOf(":", open);
      const comma = text.indexOf(",", colon);
      if (open < 0 || colon < 0 || comma < 0) return text;
      return `${text.slice(0, comma)},${text.slice(open + 1, comma)}${text.slice(comma)}`;
    }
  }
}

describe("parsers: a mutated frame is read exactly as JSON.parse + ajv would, or not at all", () => {
  for (const version of VERSIONS) {
    it(`${version}: every request, text mutations of valid frames`, { timeout: 120_000 }, () => {
      let agreed = 0;
      let total = 0;
      for (const m of rawMessages().filter((x) => x.version === version && x.kind === "request")) {
        fc.assert(
          fc.property(
            validArb(m.schema, false),
            fc.array(mutation, { minLength: 1, maxLength: 2 }),
            fc.constantFrom("id-1", "0123456789abcdef0123456789abcdef0123", "é-1"),
            (value, edits, id) => {
              let text = `[2,${JSON.stringify(id)},${JSON.stringify(m.action)},${JSON.stringify(value)}]`;
              for (const e of edits) text = mutate(text, e);
              total++;
              const call = readValidCall(text, version);
              if (call === undefined) return;
              // whatever the fast path accepts, JSON.parse reads the same and the payload is valid
              const message = JSON.parse(text) as unknown[];
              expect(Array.isArray(message) && message.length === 4 && message[0] === 2, text).toBe(true);
              expect(isValidMessageId(message[1]) && call.messageId === message[1], text).toBe(true);
              expect(call.action === message[2], text).toBe(true);
              expect(sameJson(call.payload, message[3]), text).toBe(true);
              const target = rawMessages().find(
                (x) => x.version === version && x.kind === "request" && x.action === call.action,
              );
              expect(
                target !== undefined && validatorOf(target)(message[3]) && ajvAccepts(target, message[3]),
                text,
              ).toBe(true);
              agreed++;
            },
          ),
          { numRuns: MUTATION_RUNS },
        );
      }
      console.info(`${version}: ${agreed} of ${total} mutated frames read (all agreeing with JSON.parse + ajv)`);
      // some edits keep the frame valid (a digit for a digit, a mutation inside a free string): those are read
      expect(agreed / total).toBeGreaterThan(0.03);
    });
  }

  it("gives up on what only JSON.parse reads, and on what is not valid", () => {
    const v = "ocpp2.0.1";
    const ok = '[2,"1","Heartbeat",{}]';
    expect(readValidCall(ok, v)).toEqual({ type: 2, messageId: "1", action: "Heartbeat", payload: {} });
    for (const text of [
      '[2, "1","Heartbeat",{}]', // whitespace
      '[2,"1","Heartbeat",{}] ', // trailing whitespace
      '[2,"\\u0031","Heartbeat",{}]', // escaped id
      '[2,"1","Heart\\u0062eat",{}]', // escaped action
      '[2,"1","Heartbeat",null]', // null payload (accepted, but by the reference path)
      '[2,"","Heartbeat",{}]', // empty id
      `[2,"${"x".repeat(37)}","Heartbeat",{}]`, // id over 36 characters
      '[2,"1","Heartbeat",{"x":1}]', // unknown property
      '[2,"1","Teleport",{}]', // unknown action
      '[2,"1","Heartbeat",{}', // cut
      '[2,"1","Heartbeat",{}]]', // extra
      '[2.0,"1","Heartbeat",{}]', // a CALL, but not in the form read here
      '[2,"1","Authorize",{"idToken":{"idToken":"A","type":"ISO14443"},"idToken":{"idToken":"B","type":"ISO14443"}}]',
      '[2,"1","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Occupied","evseId":-0,"connectorId":1e400}]',
    ]) {
      expect(readValidCall(text, v), text).toBeUndefined();
    }
    // -0 is an integer (as ajv says) and is kept as -0, as JSON.parse does
    const zero = readValidCall(
      '[2,"1","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Occupied","evseId":-0,"connectorId":1}]',
      v,
    );
    expect(Object.is(zero?.payload["evseId"], -0)).toBe(true);
  });
});

describe("encoders: exactly JSON.stringify, for valid values only", () => {
  for (const version of VERSIONS) {
    it(`${version}: every message, generated valid values`, { timeout: 120_000 }, () => {
      let written = 0;
      let total = 0;
      for (const m of rawMessages().filter((x) => x.version === version)) {
        const encode = codecOf(m).encode;
        fc.assert(
          fc.property(anyValidArb(m.schema), fc.nat(), (generated, seed) => {
            const value = shuffleKeys(generated, seed);
            const text = encode(value);
            total++;
            if (text === undefined) {
              expect(
                hasUndeclaredOrUnconstrained(value, m.schema),
                `${m.action} ${m.kind} gave up on ${JSON.stringify(value)}`,
              ).toBe(true);
              return;
            }
            const back = JSON.parse(text) as unknown;
            expect(sameJsonAnyOrder(back, JSON.parse(JSON.stringify(value))), text).toBe(true);
            expect(m.ajv(back), text).toBe(true);
            written++;
          }),
          { numRuns: RUNS },
        );
      }
      console.info(`${version}: encoders wrote ${written} of ${total} valid values`);
      expect(written / total).toBeGreaterThan(0.9);
    });
  }
});

/** Values that must not be written as they are: each is invalid, or not plain JSON data (fresh each time). */
const BAD_VALUES: readonly (() => unknown)[] = [
  () => null,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => Number.NEGATIVE_INFINITY,
  () => "text",
  () => 12.5,
  () => -0,
  () => true,
  () => [],
  () => ({}),
  () => () => 1,
  () => Symbol("x"),
  () => new Date(0),
  () => ({ toJSON: () => "replaced" }),
  () => "x".repeat(2000),
  () => [undefined],
];

type Edit = { kind: "set" | "delete" | "add"; at: number; bad: number };

function hasToJsonInside(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return true;
  return Object.values(value).some(hasToJsonInside);
}

/** Applies an edit at the `at`-th object found in `value` (depth first). */
function editValue(value: unknown, edit: Edit): unknown {
  const objects: Record<string, unknown>[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      objects.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  const target = objects[edit.at % Math.max(1, objects.length)];
  if (target === undefined) return value;
  const keys = Object.keys(target);
  const key = keys[edit.at % Math.max(1, keys.length)];
  const bad = BAD_VALUES[edit.bad % BAD_VALUES.length]?.();
  if (edit.kind === "add") target[`zz${edit.bad % 3}`] = edit.bad % 4 === 0 ? undefined : bad;
  else if (key === undefined) return value;
  else if (edit.kind === "delete") delete target[key];
  else target[key] = bad;
  return value;
}

describe("encoders: a mutated value is written only when the validator accepts it", () => {
  for (const version of VERSIONS) {
    it(`${version}: every message, wrong types, nulls, NaN, extra and missing properties`, { timeout: 120_000 }, () => {
      let written = 0;
      let total = 0;
      for (const m of rawMessages().filter((x) => x.version === version)) {
        const encode = codecOf(m).encode;
        const validate = validatorOf(m);
        const edit = fc.record({
          kind: fc.constantFrom("set", "delete", "add"),
          at: fc.nat(),
          bad: fc.nat(),
        }) as fc.Arbitrary<Edit>;
        fc.assert(
          fc.property(anyValidArb(m.schema), fc.array(edit, { minLength: 1, maxLength: 2 }), (generated, edits) => {
            let value: unknown = structuredClone(generated);
            for (const e of edits) value = editValue(value, e);
            const text = encode(value);
            const valid = validate(value);
            total++;
            if (text !== undefined) {
              written++;
              expect(valid, `${m.action} ${m.kind}: wrote an invalid value`).toBe(true);
              const back = JSON.parse(text) as unknown;
              expect(sameJsonAnyOrder(back, JSON.parse(JSON.stringify(value))), text).toBe(true);
              expect(ajvAccepts(m, back), text).toBe(true);
            } else if (valid) {
              // a valid value is left to the reference path only when it holds an undeclared property (an open
              // object's extra, or an undefined one the validator skips), an unconstrained one, or an object that
              // JSON.stringify replaces by its toJSON() (a Date where an object with optional properties goes)
              expect(
                hasUndeclaredOrUnconstrained(value, m.schema) || hasToJsonInside(value),
                `${m.action} ${m.kind} gave up on a valid value`,
              ).toBe(true);
            }
          }),
          { numRuns: MUTATION_RUNS },
        );
      }
      console.info(`${version}: ${written} of ${total} mutated values written (all valid)`);
      // edits that keep a value valid (an optional property removed, say) are written
      expect(written / total).toBeGreaterThan(0.05);
    });
  }
});
