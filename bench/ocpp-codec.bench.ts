/**
 * OCPP codec: decode + validate + encode throughput on a realistic mix (one operation = the six CALLs of the mix
 * decoded and validated, and their six responses validated and encoded to the bytes a transport writes), against
 * ocpp-rpc's strict mode (JSON.parse + its ajv validators for request and response + JSON.stringify) and against
 * bare JSON.parse + JSON.stringify. A fourth row runs our zod schemas instead, to show why the hot path does not use
 * zod. Every contender starts from the frame text as a WebSocket hands it over and ends with the UTF-8 size of the
 * reply (which also makes any lazily built string flat, so nobody defers work past the measurement).
 *
 * Chargekit's row is the path its RPC endpoint takes: `decodeFrame` reads a compact CALL with the parser generated
 * for the action's request schema, which validates while it reads (`validated`), and `encodeCheckedCallResult`
 * validates and writes the response in one pass with the generated encoder. Both fall back to JSON.parse /
 * JSON.stringify and the validators for anything else; `src/codec/fast-path.test.ts` proves them equivalent.
 *
 * Measured interleaved in CPU time (bench/lib/ocpp-interleave.ts): medians and ranges over the rounds.
 *
 * Run: npm run bench -- ocpp-codec
 */

// zod schemas through the generated namespaces (the same schemas users can import)
import * as ocpp from "@chargekit/ocpp";
import {
  decodeFrame,
  encodeCallResult,
  encodeCheckedCallResult,
  type OcppVersion,
  validatePayload,
} from "@chargekit/ocpp";
import { saveResults } from "./lib/compare.js";
import { interleave, printInterleaved, roundRatio } from "./lib/ocpp-interleave.js";
import { MIX_16, MIX_201, type MixEntry } from "./lib/ocpp-mix.js";
import { peerValidators } from "./lib/ocpp-rpc-peer.js";

type Zod = { safeParse(value: unknown): { success: boolean } };

function zodFor(version: OcppVersion, action: string, kind: "Request" | "Response"): Zod {
  const ns = (version === "ocpp1.6" ? ocpp.Ocpp16 : ocpp.Ocpp201) as unknown as Record<string, Zod>;
  const schema = ns[`${action}${kind}Schema`];
  if (schema === undefined) throw new Error(`no zod schema for ${action}${kind}`);
  return schema;
}

let sink = 0;

function run(version: OcppVersion, mix: readonly MixEntry[]) {
  const peer = peerValidators.find((v) => v.subprotocol === version);
  if (peer === undefined) throw new Error(`ocpp-rpc has no validator for ${version}`);
  const zod = mix.map((m) => ({
    request: zodFor(version, m.action, "Request"),
    response: zodFor(version, m.action, "Response"),
  }));

  // sanity: every contender accepts the whole mix, and ours takes its fast paths
  for (const m of mix) {
    const d = decodeFrame(m.frame, { version });
    if (d.kind !== "frame" || d.frame.type !== 2) throw new Error(`mix frame not decoded: ${m.action}`);
    if (d.validated !== true) throw new Error(`mix frame not read by the generated parser: ${m.action}`);
    if (!validatePayload(version, m.action, "request", d.frame.payload).ok)
      throw new Error(`invalid mix request ${m.action}`);
    const out = encodeCheckedCallResult(version, m.action, m.messageId, m.response);
    if (!out.ok || JSON.stringify(JSON.parse(out.text)[2]) === undefined)
      throw new Error(`invalid mix response ${m.action}`);
    peer.validate(`urn:${m.action}.req`, JSON.parse(m.frame)[3]);
    peer.validate(`urn:${m.action}.conf`, m.response);
  }

  const chargekit = () => {
    for (const m of mix) {
      const d = decodeFrame(m.frame, { version });
      if (d.kind !== "frame" || d.frame.type !== 2) throw new Error("decode");
      // `validated`: the generated parser checked the payload as it read it
      if (d.validated !== true && !validatePayload(version, d.frame.action, "request", d.frame.payload).ok)
        throw new Error("request");
      const out = encodeCheckedCallResult(version, d.frame.action, d.frame.messageId, m.response);
      if (!out.ok) throw new Error("response");
      sink += Buffer.byteLength(out.text);
    }
  };
  const ocppRpc = () => {
    for (const m of mix) {
      const message = JSON.parse(m.frame) as unknown[];
      if (!Array.isArray(message) || message[0] !== 2) throw new Error("decode");
      const [, id, action, params] = message as [number, string, string, unknown];
      peer.validate(`urn:${action}.req`, params);
      peer.validate(`urn:${action}.conf`, m.response);
      sink += Buffer.byteLength(JSON.stringify([3, id, m.response]));
    }
  };
  const bare = () => {
    for (const m of mix) {
      const message = JSON.parse(m.frame) as unknown[];
      sink += Buffer.byteLength(JSON.stringify([3, message[1], m.response]));
    }
  };
  const withZod = () => {
    mix.forEach((m, i) => {
      const message = JSON.parse(m.frame) as unknown[];
      const z = zod[i];
      if (z === undefined || !z.request.safeParse(message[3]).success) throw new Error("request");
      if (!z.response.safeParse(m.response).success) throw new Error("response");
      sink += Buffer.byteLength(encodeCallResult(message[1] as string, m.response));
    });
  };

  const payloads = mix.map((m) => (JSON.parse(m.frame) as unknown[])[3]);
  const validation = interleave([
    {
      name: "chargekit generated validators",
      fn: () => {
        mix.forEach((m, i) => {
          if (!validatePayload(version, m.action, "request", payloads[i]).ok) throw new Error("request");
          if (!validatePayload(version, m.action, "response", m.response).ok) throw new Error("response");
        });
      },
    },
    {
      name: "ocpp-rpc strict (ajv)",
      fn: () => {
        mix.forEach((m, i) => {
          peer.validate(`urn:${m.action}.req`, payloads[i]);
          peer.validate(`urn:${m.action}.conf`, m.response);
        });
      },
    },
  ]);
  printInterleaved(
    `OCPP ${version} validation only: the 6 requests and 6 responses of the mix (parsed objects)`,
    validation,
  );

  const codec = interleave([
    { name: "chargekit", fn: chargekit },
    { name: "ocpp-rpc strict (ajv)", fn: ocppRpc },
    { name: "bare JSON.parse + JSON.stringify", fn: bare },
    { name: "JSON.parse + our zod schemas", fn: withZod },
  ]);
  printInterleaved(`OCPP ${version} codec: decode + validate + encode of the 6-message mix (ops = whole mix)`, codec);
  return { codec, validation };
}

const results = [];
for (const [version, mix] of [
  ["ocpp2.0.1", MIX_201],
  ["ocpp1.6", MIX_16],
] as const) {
  const { codec, validation } = run(version, mix);
  const [ours, peer, bare, zod] = codec;
  const [oursValidation, peerValidation] = validation;
  if (ours && peer && bare && zod && oursValidation && peerValidation) {
    const vsPeer = roundRatio(ours, peer);
    const vsBare = roundRatio(ours, bare);
    const vsZod = roundRatio(ours, zod);
    const validationVsAjv = roundRatio(oursValidation, peerValidation);
    const range = (r: { range: readonly [number, number] }) => `${r.range[0].toFixed(2)}–${r.range[1].toFixed(2)}`;
    console.log(
      `${version}: codec ${vsPeer.median.toFixed(2)}× ocpp-rpc strict (rounds ${range(vsPeer)}), ` +
        `${vsBare.median.toFixed(2)}× bare JSON (${range(vsBare)}), ${vsZod.median.toFixed(2)}× the zod path; ` +
        `validation alone ${validationVsAjv.median.toFixed(2)}× ocpp-rpc's ajv (${range(validationVsAjv)})`,
    );
    results.push({
      version,
      oursOverOcppRpc: vsPeer,
      oursOverBareJson: vsBare,
      oursOverZod: vsZod,
      validationOursOverAjv: validationVsAjv,
      codec,
      validation,
    });
  }
}
saveResults("ocpp-codec", results);
if (sink === -1) console.log(sink);
