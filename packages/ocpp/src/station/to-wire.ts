import { formatInstant, PHASES } from "@chargekit/core";
import type * as V16 from "../generated/v16/index.js";
import type * as V21 from "../generated/v21/index.js";
import type * as V201 from "../generated/v201/index.js";
import type { AuthorizationStatus, AuthToken, MeterSample } from "./model.js";

/** 2.0.1 `IdTokenEnumType`: the kinds a 2.0.1 wire accepts. */
const V201_TOKEN_KINDS = new Set([
  "Central",
  "eMAID",
  "ISO14443",
  "ISO15693",
  "KeyCode",
  "Local",
  "MacAddress",
  "NoAuthorization",
]);

/**
 * A neutral credential as a 2.x `IdTokenType`. A credential without a kind (from a 1.6 station, or built by the
 * CSMS) goes out as `Central`, the kind for tokens the CSMS vouches for; on 2.0.1 a 2.1-only kind does too.
 *
 * @category Station model
 */
export function tokenToV2(token: AuthToken, version: "ocpp2.0.1" | "ocpp2.1"): V201.IdTokenType & V21.IdTokenType {
  const kind = token.kind ?? "Central";
  const type = version === "ocpp2.0.1" && !V201_TOKEN_KINDS.has(kind) ? "Central" : kind;
  return { idToken: token.value, type: type as V201.IdTokenEnumType };
}

/**
 * The group token of a credential as a 2.x `IdTokenType` (same kind as the token), if it has one.
 *
 * @category Station model
 */
export function groupTokenToV2(
  token: AuthToken,
  version: "ocpp2.0.1" | "ocpp2.1",
): (V201.IdTokenType & V21.IdTokenType) | undefined {
  return token.group === undefined ? undefined : tokenToV2({ value: token.group, ...kindOf(token) }, version);
}

function kindOf(token: AuthToken): { kind?: string } {
  return token.kind === undefined ? {} : { kind: token.kind };
}

/**
 * A 2.x authorization status in 1.6 terms: the five 1.6 knows pass through, the others read as `Invalid`.
 *
 * @category Station model
 */
export function authorizationToV16(status: AuthorizationStatus): V16.AuthorizationStatus {
  switch (status) {
    case "Accepted":
    case "Blocked":
    case "Expired":
    case "Invalid":
    case "ConcurrentTx":
      return status;
    default:
      return "Invalid";
  }
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * A neutral sample as a 1.6 `MeterValue`: energy register (Wh), power (W), current per phase (A) and SoC (%),
 * each with its measurand, unit and the sample's context.
 *
 * @category Station model
 */
export function sampleToV16(sample: MeterSample): V16.MeterValue {
  const context = sample.context;
  const values: V16.SampledValue[] = [];
  if (sample.energyWh !== undefined) {
    values.push({
      value: String(round(sample.energyWh, 1)),
      context,
      measurand: "Energy.Active.Import.Register",
      unit: "Wh",
    });
  }
  if (sample.powerW !== undefined) {
    values.push({ value: String(round(sample.powerW, 1)), context, measurand: "Power.Active.Import", unit: "W" });
  }
  for (const phase of PHASES) {
    const current = sample.currentA?.[phase];
    if (current !== undefined) {
      values.push({ value: String(round(current, 2)), context, measurand: "Current.Import", phase, unit: "A" });
    }
  }
  if (sample.soc !== undefined) {
    values.push({ value: String(round(sample.soc, 1)), context, measurand: "SoC", location: "EV", unit: "Percent" });
  }
  return { timestamp: formatInstant(sample.at), sampledValue: values };
}

/**
 * A neutral sample as a 2.x `MeterValueType` (numbers with `unitOfMeasure`).
 *
 * @category Station model
 */
export function sampleToV2(sample: MeterSample): V201.MeterValueType & V21.MeterValueType {
  const context = sample.context;
  const values: (V201.SampledValueType & V21.SampledValueType)[] = [];
  if (sample.energyWh !== undefined) {
    values.push({
      value: round(sample.energyWh, 1),
      context,
      measurand: "Energy.Active.Import.Register",
      unitOfMeasure: { unit: "Wh" },
    });
  }
  if (sample.powerW !== undefined) {
    values.push({
      value: round(sample.powerW, 1),
      context,
      measurand: "Power.Active.Import",
      unitOfMeasure: { unit: "W" },
    });
  }
  for (const phase of PHASES) {
    const current = sample.currentA?.[phase];
    if (current !== undefined) {
      values.push({
        value: round(current, 2),
        context,
        measurand: "Current.Import",
        phase,
        unitOfMeasure: { unit: "A" },
      });
    }
  }
  if (sample.soc !== undefined) {
    values.push({
      value: round(sample.soc, 1),
      context,
      measurand: "SoC",
      location: "EV",
      unitOfMeasure: { unit: "Percent" },
    });
  }
  return { timestamp: formatInstant(sample.at), sampledValue: values };
}
