import type { Site, SiteNode } from "../model/site.js";

/**
 * The EVSEs of the Caltech Adaptive Charging Network by the pair of lines they sit between (the topology of
 * `caltech_acn` in ACN-Sim, zach401/acnportal): 54 EVSEs on a 208 V delta secondary, two pods of 8 behind 80 A
 * each, ClipperCreek EVSEs in one pod, AeroVironment elsewhere.
 *
 * @category Testing
 */
export const CALTECH_ACN = {
  /** ClipperCreek pod (pilots 8, 16, 24, 32 A), all on lines A–B, 80 A together. */
  ccPod: ["CA-322", "CA-493", "CA-496", "CA-320", "CA-495", "CA-321", "CA-323", "CA-494"],
  /** AeroVironment pod (pilots 6–32 A), all on lines A–B, 80 A together. */
  avPod: ["CA-324", "CA-325", "CA-326", "CA-327", "CA-489", "CA-490", "CA-491", "CA-492"],
  /** Other EVSEs between lines A and B. */
  ab: ["CA-308", "CA-508", "CA-303", "CA-513", "CA-310", "CA-506", "CA-316", "CA-500", "CA-318", "CA-498"],
  /** EVSEs between lines B and C (including the four ADA spaces ACN-Sim puts there). */
  bc: [
    "CA-304",
    "CA-512",
    "CA-305",
    "CA-511",
    "CA-313",
    "CA-503",
    "CA-311",
    "CA-505",
    "CA-317",
    "CA-499",
    "CA-148",
    "CA-149",
    "CA-212",
    "CA-213",
  ],
  /** EVSEs between lines C and A. */
  ca: [
    "CA-307",
    "CA-509",
    "CA-309",
    "CA-507",
    "CA-306",
    "CA-510",
    "CA-315",
    "CA-501",
    "CA-319",
    "CA-497",
    "CA-312",
    "CA-504",
    "CA-314",
    "CA-502",
  ],
} as const;

/**
 * Options of {@link caltechAcnSite}.
 *
 * @category Testing
 */
export interface CaltechAcnOptions {
  /** Transformer rating in kVA (default 150, as built). ACN studies also run it at 10–125. */
  readonly transformerKva?: number;
  /**
   * How the transformer's limits are modelled (default `"phasor"`):
   * - `"phasor"`: ACN-Sim's exact constraints — the secondary line currents as phasor magnitudes
   *   (`currentModel: "phasor"`) and the primary line currents through a Dyn11 transformer with turns ratio 4;
   * - `"linearised"`: every EVSE current counted in full on both its lines, and each secondary line limited to the
   *   tighter of the secondary bound and twice the primary bound (what a tree of arithmetic per-phase limits can
   *   hold; it caps a balanced load at 75 % of the rating).
   */
  readonly currentModel?: "phasor" | "linearised";
}

const AV_PILOTS = Array.from({ length: 27 }, (_, k) => k + 6);
const CC_PILOTS = [8, 16, 24, 32];

/**
 * The Caltech ACN as a chargekit site: a 150 kVA delta–wye transformer (277 V primary, 120/208 V secondary), two
 * 80 A pods, and 54 single-phase EVSEs wired line-to-line at 208 V on A–B, B–C and C–A (rotations RST, STR, TRS),
 * with the EVSEs' own pilot sets, and the rating as a power limit.
 *
 * ACN-Sim limits the transformer's secondary line currents `I_a = AB − CA` … (phasors) to `kVA / 3 / 120 V` and its
 * primary line currents `(I_a − I_c) / 4` … to `kVA / 3 / 277 V`. By default the site states exactly that
 * (`currentModel: "phasor"` and a Dyn11 `transformer`). With `currentModel: "linearised"` each secondary line gets
 * instead the tighter of the two bounds that make both hold when every EVSE counts in full on both its lines
 * (`|AB| + |CA| ≤ kVA/3/120` and `|AB| + |BC| + 2|CA| ≤ 4·kVA/3/277` follow from every line ≤ `2·kVA/3/277`):
 * 361 A at 150 kVA — safe, but a balanced load only gets 75 % of the rating.
 *
 * @example
 * ```ts
 * const site = caltechAcnSite({ transformerKva: 50 }); // exact phasor limits
 * const linear = caltechAcnSite({ transformerKva: 50, currentModel: "linearised" });
 * ```
 * @category Testing
 */
export function caltechAcnSite(options: CaltechAcnOptions = {}): Site {
  const kva = options.transformerKva ?? 150;
  const secondary = (kva * 1000) / 3 / 120;
  const primary = (kva * 1000) / 3 / 277;
  const phasor = (options.currentModel ?? "phasor") === "phasor";
  const transformer: SiteNode = phasor
    ? {
        id: "transformer",
        voltage: 120,
        currentModel: "phasor",
        transformer: { vectorGroup: "Dyn11", turnsRatio: 4, primaryCurrent: primary },
        limits: { importCurrent: secondary, importPower: kva * 1000 },
      }
    : {
        id: "transformer",
        voltage: 120,
        limits: { importCurrent: Math.min(secondary, 2 * primary), importPower: kva * 1000 },
      };
  const evse = (id: string, node: string, rotation: "RST" | "STR" | "TRS", pilots: number[]) => ({
    id,
    node,
    kind: "AC" as const,
    phases: 1 as const,
    wiring: "line-to-line" as const,
    voltage: 208,
    rotation,
    minCurrent: pilots[0] ?? 6,
    maxCurrent: 32,
    allowed: pilots,
  });
  return {
    nodes: [
      transformer,
      { id: "cc-pod", parent: "transformer", limits: { importCurrent: { L1: 80, L2: 80 } } },
      { id: "av-pod", parent: "transformer", limits: { importCurrent: { L1: 80, L2: 80 } } },
    ],
    connectors: [
      ...CALTECH_ACN.ccPod.map((id) => evse(id, "cc-pod", "RST", CC_PILOTS)),
      ...CALTECH_ACN.avPod.map((id) => evse(id, "av-pod", "RST", AV_PILOTS)),
      ...CALTECH_ACN.ab.map((id) => evse(id, "transformer", "RST", AV_PILOTS)),
      ...CALTECH_ACN.bc.map((id) => evse(id, "transformer", "STR", AV_PILOTS)),
      ...CALTECH_ACN.ca.map((id) => evse(id, "transformer", "TRS", AV_PILOTS)),
    ],
  };
}
