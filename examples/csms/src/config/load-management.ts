import { z } from "zod";

/**
 * How the server runs load management: when it rebalances, how it sends the results as charging profiles, and how
 * much power history it keeps for the dashboard. Every field has a default.
 */
export const loadManagementConfigSchema = z.strictObject({
  /** Rebalance and send charging profiles (off: stations charge at their own limits). */
  enabled: z.boolean({ error: "expected true or false" }).default(true),
  /**
   * Changes that arrive within this long are rebalanced together, in ms (a burst of meter values or of starts
   * makes one round, not many). Decreases of a demand-response event are never delayed beyond it.
   */
  debounceMs: z.number().int().min(0).max(60_000, { error: "expected at most 60000 ms" }).default(1_000),
  /** A station that did not take a profile (offline, timeout) is tried again after this long, in ms. */
  retryMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
  /** Rebalance at least this often even when nothing changed, in ms (refreshes stale meter-based caps). */
  refreshMs: z.number().int().min(10_000).max(86_400_000).default(300_000),
  /** Increases smaller than this are not sent (the solver's hysteresis), in A. */
  hysteresisA: z.number().min(0).max(10).default(0.5),
  /** Stack level of the per-transaction TxProfiles the server installs. */
  stackLevel: z.number().int().min(0).max(100).default(1),
  /**
   * Per-EVSE limit a station applies to a new session until the server's first profile for it arrives
   * (a TxDefaultProfile installed at boot), in A; 0 installs none.
   */
  safeStartCurrentA: z.number().min(0).max(80).default(6),
  /** Cap an EV that draws clearly less than it is offered at what it draws, so others get the rest. */
  followMeters: z.boolean().default(true),
  /** How often each site's power is sampled for the dashboard, in ms. */
  sampleIntervalMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
  /** How many samples of each site are kept (1440 × 1 min = a day). */
  historyLength: z.number().int().min(10).max(100_000).default(1_440),
});

/** Load-management settings as configured (see {@link loadManagementConfigSchema}). */
export type LoadManagementConfig = z.output<typeof loadManagementConfigSchema>;
