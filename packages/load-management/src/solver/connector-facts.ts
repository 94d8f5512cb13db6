import { ceilOnGrid, floorOnGrid, type Grid } from "./quantizer.js";
import type { ConnectorInfo, Loading, Topology } from "./topology.js";

/** Default AC minimum current (A, IEC 61851). */
export const DEFAULT_MIN_CURRENT = 6;

/** Per-connector facts the session loop reads, as flat arrays (worked out once per topology). */
export interface ConnectorFacts {
  /** The loading per connector × EV phases (index c * 4 + (phases ?? 0)); undefined where `loadingOf` throws. */
  readonly loading: (Loading | undefined)[];
  readonly scale: Float64Array;
  readonly phaseCoef: Float64Array;
  readonly powerCoef: Float64Array;
  readonly bits: Uint8Array;
  /** AC phases the EV charges on (`numberPhases`), 0 when the loading has none (DC). */
  readonly evPhases: Uint8Array;
  readonly ac: Uint8Array;
  /** The connector's least import value (minimum current or power, with the AC default) and most. */
  readonly importMin: Float64Array;
  readonly importMax: Float64Array;
  /** `ceilOnGrid` of the least import value (for sessions without a minimum of their own), `floorOnGrid` of the most. */
  readonly importLo: Float64Array;
  readonly importHi: Float64Array;
  /** Discharge range and its grid values. */
  readonly exportMin: Float64Array;
  readonly exportMax: Float64Array;
  readonly exportLo: Float64Array;
  readonly exportHi: Float64Array;
  /** The connector's setpoint grids (the {@link ConnectorInfo}'s, here for the session loop). */
  readonly importGrid: Grid[];
  readonly exportGrid: Grid[];
}

const factsCache = new WeakMap<Topology, ConnectorFacts>();

/** The facts of the topology's connectors (worked out on first use, then kept). */
export function connectorFacts(topology: Topology): ConnectorFacts {
  const cached = factsCache.get(topology);
  if (cached !== undefined) return cached;
  const list = topology.connectorList;
  const count = list.length;
  const facts: ConnectorFacts = {
    loading: new Array(count * 4).fill(undefined),
    scale: new Float64Array(count * 4),
    phaseCoef: new Float64Array(count * 4),
    powerCoef: new Float64Array(count * 4),
    bits: new Uint8Array(count * 4),
    evPhases: new Uint8Array(count * 4),
    ac: new Uint8Array(count),
    importMin: new Float64Array(count),
    importMax: new Float64Array(count),
    importLo: new Float64Array(count),
    importHi: new Float64Array(count),
    exportMin: new Float64Array(count),
    exportMax: new Float64Array(count),
    exportLo: new Float64Array(count),
    exportHi: new Float64Array(count),
    importGrid: list.map((info) => info.importGrid),
    exportGrid: list.map((info) => info.exportGrid),
  };
  for (let c = 0; c < count; c++) {
    const info = list[c] as ConnectorInfo;
    const spec = info.spec;
    for (let k = 0; k < 4; k++) {
      const loading =
        info.loadings[k] ?? (spec.kind === "AC" && spec.wiring !== "line-to-line" ? undefined : info.loadings[0]);
      if (loading === undefined) continue;
      facts.loading[c * 4 + k] = loading;
      facts.scale[c * 4 + k] = loading.scale;
      facts.phaseCoef[c * 4 + k] = loading.phaseCoef;
      facts.powerCoef[c * 4 + k] = loading.powerCoef;
      facts.bits[c * 4 + k] = loading.bits;
      facts.evPhases[c * 4 + k] = loading.evPhases ?? 0;
    }
    const ac = spec.kind === "AC";
    facts.ac[c] = ac ? 1 : 0;
    const min = spec.kind === "AC" ? (spec.minCurrent ?? DEFAULT_MIN_CURRENT) : (spec.minPower ?? 0);
    const max = spec.kind === "AC" ? spec.maxCurrent : spec.maxPower;
    facts.importMin[c] = min;
    facts.importMax[c] = max;
    facts.importLo[c] = ceilOnGrid(info.importGrid, Math.max(min, 0));
    facts.importHi[c] = floorOnGrid(info.importGrid, max);
    const dischargeMin = spec.discharge?.min ?? 0;
    const dischargeMax = spec.discharge?.max ?? 0;
    facts.exportMin[c] = dischargeMin;
    facts.exportMax[c] = dischargeMax;
    facts.exportLo[c] = ceilOnGrid(info.exportGrid, dischargeMin);
    facts.exportHi[c] = floorOnGrid(info.exportGrid, dischargeMax);
  }
  factsCache.set(topology, facts);
  return facts;
}
