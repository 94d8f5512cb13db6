import { type ConnectorId, type EvseId, IdToken, parseInstant } from "@chargekit/core";
import type * as V16 from "../generated/v16/index.js";
import { readSample } from "./meter.js";
import type { AuthToken, BootInfo, ChargingState, MeterSample } from "./model.js";
import { connectorIdOf, evseIdOf } from "./neutral-ids.js";
import type { ConnectorStatus } from "./v2-connector.js";
import type { V16Status } from "./v16-status.js";

/**
 * The neutral status of a 1.6 status: the five 2.x statuses, with the energy-transfer state for the ones that
 * read as Occupied (Preparing and Finishing read as `EVConnected`: a cable is most likely in).
 *
 * @category Station model
 */
export function statusFromV16(status: V16Status): {
  /** The availability. */
  readonly status: ConnectorStatus;
  /** The energy-transfer state, for statuses that read as Occupied. */
  readonly chargingState?: ChargingState;
} {
  switch (status) {
    case "Preparing":
    case "Finishing":
      return { status: "Occupied", chargingState: "EVConnected" };
    case "Charging":
    case "SuspendedEV":
    case "SuspendedEVSE":
      return { status: "Occupied", chargingState: status };
    default:
      return { status };
  }
}

const CONNECTOR_ZERO = Object.freeze({ evseId: evseIdOf(0), connectorId: connectorIdOf(0) });
const FIRST_CONNECTOR = connectorIdOf(1);

/**
 * Where a 1.6 connector sits in the neutral EVSE → connector tree: connector n > 0 is EVSE n with connector 1;
 * connector 0 (the main controller) is EVSE 0, connector 0.
 *
 * @category Station model
 */
export function evseFromV16Connector(connectorId: number): {
  /** The EVSE. */
  readonly evseId: EvseId;
  /** The connector within it. */
  readonly connectorId: ConnectorId;
} {
  return connectorId === 0 ? CONNECTOR_ZERO : { evseId: evseIdOf(connectorId), connectorId: FIRST_CONNECTOR };
}

/**
 * The 1.6 connector number of a neutral EVSE (the inverse of {@link evseFromV16Connector}).
 *
 * @category Station model
 */
export function v16ConnectorOfEvse(evseId: number): number {
  return evseId;
}

/**
 * A 1.6 idTag (with its parent, when known) as a neutral credential. 1.6 tokens carry no kind.
 *
 * @category Station model
 */
export function tokenFromV16(idTag: string, parentIdTag?: string): AuthToken {
  return { value: IdToken.of(idTag), ...(parentIdTag === undefined ? {} : { group: IdToken.of(parentIdTag) }) };
}

/**
 * A 1.6 BootNotification as neutral boot info.
 *
 * @category Station model
 */
export function bootFromV16(request: V16.BootNotificationRequest): BootInfo {
  const serial = request.chargePointSerialNumber ?? request.chargeBoxSerialNumber;
  return {
    vendor: request.chargePointVendor,
    model: request.chargePointModel,
    ...(serial === undefined ? {} : { serialNumber: serial }),
    ...(request.firmwareVersion === undefined ? {} : { firmwareVersion: request.firmwareVersion }),
    ...(request.iccid === undefined ? {} : { iccid: request.iccid }),
    ...(request.imsi === undefined ? {} : { imsi: request.imsi }),
    ...(request.meterType === undefined ? {} : { meterType: request.meterType }),
    ...(request.meterSerialNumber === undefined ? {} : { meterSerialNumber: request.meterSerialNumber }),
  };
}

/**
 * Reads 1.6 meter values (MeterValues, StopTransaction `transactionData`) into neutral samples. Values that
 * cannot be read (not a number, a unit that does not fit, signed data) are skipped and described in `ignored`.
 *
 * @category Station model
 */
export function samplesFromV16(meterValues: readonly V16.MeterValue[]): {
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
    const raw = [];
    for (const sv of mv.sampledValue) {
      if (sv.format === "SignedData") continue;
      const value = sv.value.trim() === "" ? Number.NaN : Number(sv.value);
      raw.push({
        value,
        measurand: sv.measurand,
        unit: sv.unit,
        phase: sv.phase,
        location: sv.location,
        context: sv.context,
      });
    }
    const read = readSample(at.value, raw);
    samples.push(read.sample);
    ignored.push(...read.ignored);
  }
  return { samples, ignored };
}
