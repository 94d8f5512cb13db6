import type { PhaseCount, PowerSchedulePeriod } from "@chargekit/core";
import type { LimitReason, Setpoint } from "../model/allocation.js";
import type { PreviousRound } from "../model/problem.js";
import type { RoundOutcome } from "./round.js";
import type { Topology } from "./topology.js";

const IDLE: LimitReason = Object.freeze({ kind: "idle" });

const namesCache = new WeakMap<Topology, { ids: string[]; units: ("A" | "W")[] }>();

/** Each connector's id and unit (id order), as flat lists worked out once per topology. */
function connectorNames(topology: Topology): { ids: string[]; units: ("A" | "W")[] } {
  let names = namesCache.get(topology);
  if (names === undefined) {
    names = {
      ids: topology.connectorList.map((info) => info.spec.id),
      units: topology.connectorList.map((info) => info.unit),
    };
    namesCache.set(topology, names);
  }
  return names;
}

/** One setpoint per connector (id order) from a solved round; `changed` compares with the previous round. */
export function setpointsOf(topology: Topology, round: RoundOutcome, previous?: PreviousRound): Setpoint[] {
  // the last previous setpoint of each connector, indexed when the round's sessions were read
  const index = previous === undefined ? undefined : round.table.previousIndex;
  const { ids, units } = connectorNames(topology);
  const out: Setpoint[] = new Array(ids.length);
  for (let c = 0; c < ids.length; c++) {
    const connector = ids[c] as string;
    const unit = units[c] as "A" | "W";
    const present = round.table.session[c];
    const loading = round.table.loading[c];
    const k = index === undefined ? -1 : (index.byConnector[c] as number);
    const old = k < 0 ? undefined : index?.setpoints[k];
    if (present === undefined || loading === undefined) {
      out[c] = {
        connector,
        unit,
        value: 0,
        admitted: false,
        limitedBy: IDLE,
        power: 0,
        changed: previous === undefined || (old !== undefined && old.value !== 0),
      };
      continue;
    }
    const session = present.id;
    const value = round.value[c] as number;
    const admitted = round.admitted[c] === 1;
    const limitedBy = round.limitedBy[c] ?? IDLE;
    const power = value * (round.table.powerCoef[c] as number);
    const changed = previous === undefined || old === undefined || old.session !== session || old.value !== value;
    // the table's copy of the loading's phases (for a loading outside the connector's usual ones, the loading's own)
    const slot = round.table.loadingSlot[c] as number;
    const phases =
      slot < 0 ? loading.evPhases : (((round.table.evPhases[c] as number) || undefined) as PhaseCount | undefined);
    out[c] =
      phases === undefined
        ? { connector, session, unit, value, admitted, limitedBy, power, changed }
        : { connector, session, unit, value, phases, admitted, limitedBy, power, changed };
  }
  return out;
}

/** The schedule period that carries a setpoint: import as `limit`, discharge as `setpoint` and `dischargeLimit`. */
export function periodOf(setpoint: Setpoint, startOffset: number): PowerSchedulePeriod {
  if (setpoint.value < 0) {
    return setpoint.phases === undefined
      ? { startOffset, limit: 0, setpoint: setpoint.value, dischargeLimit: -setpoint.value }
      : { startOffset, limit: 0, phases: setpoint.phases, setpoint: setpoint.value, dischargeLimit: -setpoint.value };
  }
  return setpoint.phases === undefined
    ? { startOffset, limit: setpoint.value }
    : { startOffset, limit: setpoint.value, phases: setpoint.phases };
}
