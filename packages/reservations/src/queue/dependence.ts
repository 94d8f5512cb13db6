import { type Instant, seededRandom } from "@chargekit/core";
import type { SessionRecord } from "./dwell-types.js";
import { drawInto } from "./random.js";

/** How many snapshots {@link learnDependence} looks at, and how many other sessions at most in each. */
const ANCHORS = 300;
const PEERS = 6;

/**
 * Learns how strongly the departures of sessions plugged in at the same site at the same time move together: the
 * correlation of a one-factor Gaussian copula, from the rank correlation of concurrent sessions' probability
 * integral transforms (`pit(s, t)`: the model's probability, at instant `t`, that session `s` would have left by
 * its real end). Independent departures give about 0; a site that empties at once gives close to 1.
 *
 * Snapshots: up to 300 sessions drawn with a fixed seed among those with a site, each looked at an instant drawn
 * inside its stay, paired with up to 6 other sessions plugged in at the same site then. Spearman's ρ of the pairs —
 * the Pearson correlation of their PIT values, which are uniform on [0, 1] when the model's marginals are right, so
 * no ranking is needed — is turned into the Gaussian copula's correlation by `2 sin(πρ/6)`; negative dependence is clamped to 0 (the
 * copula of the wait estimate models a shared factor only). 0 when no two sessions ever overlapped at a site.
 *
 * @internal
 */
export function learnDependence(
  sessions: readonly SessionRecord[],
  pit: (session: SessionRecord, at: Instant) => number,
): number {
  const bySite = new Map<string, SessionRecord[]>();
  for (const s of sessions) {
    if (s.site === undefined) continue;
    const list = bySite.get(s.site) ?? [];
    list.push(s);
    bySite.set(s.site, list);
  }
  const candidates = [...bySite.values()].flat();
  const random = seededRandom(0x5eed);
  const xs: number[] = [];
  const ys: number[] = [];
  let anchors = 0;
  for (let i = 0; i < candidates.length && anchors < ANCHORS; i++) {
    drawInto(candidates, i, random);
    const anchor = candidates[i] as SessionRecord;
    const at = Math.round(anchor.start + random() * (anchor.end - anchor.start));
    const peers = (bySite.get(anchor.site as string) ?? []).filter((s) => s !== anchor && s.start < at && s.end > at);
    if (peers.length === 0) continue;
    anchors++;
    for (let k = 0; k < Math.min(PEERS, peers.length); k++) drawInto(peers, k, random);
    const u = pit(anchor, at);
    for (const peer of peers.slice(0, PEERS)) {
      const v = pit(peer, at);
      xs.push(u, v);
      ys.push(v, u);
    }
  }
  const spearman = correlation(xs, ys);
  return Math.min(1, Math.max(0, 2 * Math.sin((Math.PI * spearman) / 6)));
}

/** Pearson correlation of paired values (each pair pushed both ways); 0 with no spread or fewer than 3 pairs. */
function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 6) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}
