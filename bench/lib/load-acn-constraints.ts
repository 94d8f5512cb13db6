// ACN-Sim's own constraint set for the Caltech ACN (zach401/acnportal, sites/caltech_acn.py), evaluated exactly with
// phasors: pods (sums ≤ 80 A), transformer secondary line currents I3a = AB − CA … (≤ kVA/3/120 V) and primary
// currents I2a = (I3a − I3c)/4 … (≤ kVA/3/277 V). EVSE line-to-line currents sit at 30° (AB), −90° (BC), 150° (CA).
import { CALTECH_ACN } from "@chargekit/load-management/testing";

const ANGLE = { ab: 30, bc: -90, ca: 150 } as const;
const groupOf = new Map<string, keyof typeof ANGLE>();
for (const id of [...CALTECH_ACN.ccPod, ...CALTECH_ACN.avPod, ...CALTECH_ACN.ab]) groupOf.set(id, "ab");
for (const id of CALTECH_ACN.bc) groupOf.set(id, "bc");
for (const id of CALTECH_ACN.ca) groupOf.set(id, "ca");
const ccPod = new Set<string>(CALTECH_ACN.ccPod);
const avPod = new Set<string>(CALTECH_ACN.avPod);

/**
 * The worst overload ratio (load ÷ limit, > 1 is a violation) of one set of EVSE currents and which constraint, and
 * the worst ratio among the transformer's constraints alone.
 */
export function acnOverload(
  currents: ReadonlyMap<string, number>,
  kva: number,
): { ratio: number; constraint: string; transformer: number } {
  let ab = 0;
  let bc = 0;
  let ca = 0;
  let cc = 0;
  let av = 0;
  for (const [id, amps] of currents) {
    const group = groupOf.get(id);
    if (group === "ab") ab += amps;
    else if (group === "bc") bc += amps;
    else if (group === "ca") ca += amps;
    if (ccPod.has(id)) cc += amps;
    if (avPod.has(id)) av += amps;
  }
  const phasor = (magnitude: number, degrees: number) => {
    const r = (degrees * Math.PI) / 180;
    return [magnitude * Math.cos(r), magnitude * Math.sin(r)] as const;
  };
  const [abx, aby] = phasor(ab, ANGLE.ab);
  const [bcx, bcy] = phasor(bc, ANGLE.bc);
  const [cax, cay] = phasor(ca, ANGLE.ca);
  const i3 = { a: [abx - cax, aby - cay], b: [bcx - abx, bcy - aby], c: [cax - bcx, cay - bcy] } as const;
  const i2 = {
    a: [(i3.a[0] - i3.c[0]) / 4, (i3.a[1] - i3.c[1]) / 4],
    b: [(i3.b[0] - i3.a[0]) / 4, (i3.b[1] - i3.a[1]) / 4],
    c: [(i3.c[0] - i3.b[0]) / 4, (i3.c[1] - i3.b[1]) / 4],
  } as const;
  const secondary = (kva * 1000) / 3 / 120;
  const primary = (kva * 1000) / 3 / 277;
  const checks: [string, number][] = [
    ["CC pod", cc / 80],
    ["AV pod", av / 80],
    ["secondary A", Math.hypot(i3.a[0], i3.a[1]) / secondary],
    ["secondary B", Math.hypot(i3.b[0], i3.b[1]) / secondary],
    ["secondary C", Math.hypot(i3.c[0], i3.c[1]) / secondary],
    ["primary A", Math.hypot(i2.a[0], i2.a[1]) / primary],
    ["primary B", Math.hypot(i2.b[0], i2.b[1]) / primary],
    ["primary C", Math.hypot(i2.c[0], i2.c[1]) / primary],
  ];
  let worst: [string, number] = ["none", 0];
  let transformer = 0;
  for (const check of checks) {
    if (check[1] > worst[1]) worst = check;
    if (!check[0].endsWith("pod") && check[1] > transformer) transformer = check[1];
  }
  return { ratio: worst[1], constraint: worst[0], transformer };
}
