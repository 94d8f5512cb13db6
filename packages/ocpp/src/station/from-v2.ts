import { IdToken, parseInstant } from "@chargekit/core";
import type * as V21 from "../generated/v21/index.js";
import type * as V201 from "../generated/v201/index.js";
import { readSample } from "./meter.js";
import type { AuthToken, BootInfo, MeterSample } from "./model.js";

/**
 * A 2.x id token (with its group token, when given) as a neutral credential.
 *
 * @category Station model
 */
export function tokenFromV2(
  idToken: V201.IdTokenType | V21.IdTokenType,
  groupIdToken?: V201.IdTokenType | V21.IdTokenType,
): AuthToken {
  return {
    value: IdToken.of(idToken.idToken),
    kind: idToken.type,
    ...(groupIdToken === undefined ? {} : { group: IdToken.of(groupIdToken.idToken) }),
  };
}

/**
 * A 2.x BootNotification as neutral boot info.
 *
 * @category Station model
 */
export function bootFromV2(request: V201.BootNotificationRequest | V21.BootNotificationRequest): BootInfo {
  const cs = request.chargingStation;
  return {
    vendor: cs.vendorName,
    model: cs.model,
    reason: request.reason,
    ...(cs.serialNumber === undefined ? {} : { serialNumber: cs.serialNumber }),
    ...(cs.firmwareVersion === undefined ? {} : { firmwareVersion: cs.firmwareVersion }),
    ...(cs.modem?.iccid === undefined ? {} : { iccid: cs.modem.iccid }),
    ...(cs.modem?.imsi === undefined ? {} : { imsi: cs.modem.imsi }),
  };
}

/**
 * Reads 2.x meter values into neutral samples, applying `unitOfMeasure.multiplier` (a power of ten). Values that
 * cannot be read are skipped and described in `ignored`.
 *
 * @category Station model
 */
export function samplesFromV2(meterValues: readonly (V201.MeterValueType | V21.MeterValueType)[]): {
  /** One sample per meter value that could be read. */
  readonly samples: readonly MeterSample[];
  /** What was skipped, and why. */
  readonly ignored: readonly string[];
} {
  const samples: MeterSample[] = [];
  const ignored: string[] = [];
  for (const mv of meterValues) {
    const at = parseInstant(mv.timestamp);
    if (!at.ok) {
      ignored.push(`meter value timestamp ${JSON.stringify(mv.timestamp)} is not a date-time`);
      continue;
    }
    const raw = mv.sampledValue.map((sv) => {
      const multiplier = sv.unitOfMeasure?.multiplier ?? 0;
      return {
        value: sv.value * 10 ** multiplier,
        measurand: sv.measurand,
        unit: sv.unitOfMeasure?.unit,
        phase: sv.phase,
        location: sv.location,
        context: sv.context,
      };
    });
    const read = readSample(at.value, raw);
    samples.push(read.sample);
    ignored.push(...read.ignored);
  }
  return { samples, ignored };
}
