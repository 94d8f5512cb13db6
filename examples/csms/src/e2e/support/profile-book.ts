/** Volts per phase the test stations assume when a profile limits current. */
export const VOLTS = 230;

/** A charging profile as the test station keeps it, from a 1.6 or 2.0.1 SetChargingProfile. */
export interface StationProfile {
  /** Profile id (a new one with the same id replaces the old). */
  readonly id: number;
  /** EVSE (1.6: connector) it applies to; 0 is the whole station. */
  readonly evseId: number;
  /** `ChargingStationMaxProfile` (1.6 `ChargePointMaxProfile`), `TxDefaultProfile` or `TxProfile`. */
  readonly purpose: "ChargingStationMaxProfile" | "TxDefaultProfile" | "TxProfile";
  /** Higher wins among profiles of one purpose. */
  readonly stackLevel: number;
  /** `A` per phase or `W`. */
  readonly unit: "A" | "W";
  /** The limit of the first period (the CSMS sends one-period schedules). */
  readonly limit: number;
  /** Phases the limit is for (default 3). */
  readonly phases: number;
  /** For a TxProfile: the transaction it belongs to. */
  readonly transactionId?: string;
}

/** What a test station does with charging profiles: keeps them, and answers the power an EVSE may draw. */
export class ProfileBook {
  private readonly installed = new Map<number, StationProfile>();
  /** Every profile installed, in order (for assertions). */
  readonly history: StationProfile[] = [];

  /** Installs (or replaces) a profile. */
  install(profile: StationProfile): void {
    this.installed.set(profile.id, profile);
    this.history.push(profile);
  }

  /** Installs the profile of a 1.6 SetChargingProfile.req; `false` when it cannot be read. */
  // biome-ignore lint/suspicious/noExplicitAny: a wire payload, read field by field
  installV16(params: any): boolean {
    const p = params.csChargingProfiles;
    const period = p?.chargingSchedule?.chargingSchedulePeriod?.[0];
    if (period === undefined) return false;
    const purpose =
      p.chargingProfilePurpose === "ChargePointMaxProfile" ? "ChargingStationMaxProfile" : p.chargingProfilePurpose;
    this.install({
      id: p.chargingProfileId,
      evseId: params.connectorId,
      purpose,
      stackLevel: p.stackLevel,
      unit: p.chargingSchedule.chargingRateUnit,
      limit: period.limit,
      phases: period.numberPhases ?? 3,
      ...(p.transactionId === undefined ? {} : { transactionId: String(p.transactionId) }),
    });
    return true;
  }

  /** Installs the profile of a 2.0.1 SetChargingProfileRequest; `false` when it cannot be read. */
  // biome-ignore lint/suspicious/noExplicitAny: a wire payload, read field by field
  installV201(params: any): boolean {
    const p = params.chargingProfile;
    const schedule = p?.chargingSchedule?.[0];
    const period = schedule?.chargingSchedulePeriod?.[0];
    if (period === undefined) return false;
    this.install({
      id: p.id,
      evseId: params.evseId,
      purpose: p.chargingProfilePurpose,
      stackLevel: p.stackLevel,
      unit: schedule.chargingRateUnit,
      limit: period.limit,
      phases: period.numberPhases ?? 3,
      ...(p.transactionId === undefined ? {} : { transactionId: String(p.transactionId) }),
    });
    return true;
  }

  /** Removes the profiles a ClearChargingProfile names (by id, or by EVSE and/or purpose; nothing named: all). */
  clear(criteria: { id?: number; evseId?: number; purpose?: string }): number {
    let removed = 0;
    for (const [id, p] of this.installed) {
      const match =
        (criteria.id === undefined || criteria.id === id) &&
        (criteria.evseId === undefined || criteria.evseId === p.evseId) &&
        (criteria.purpose === undefined || criteria.purpose === p.purpose);
      if (match) {
        this.installed.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** The TxProfile in force for `transactionId` on `evseId`, if any. */
  txProfile(evseId: number, transactionId: string): StationProfile | undefined {
    return this.top(
      [...this.installed.values()].filter(
        (p) =>
          p.purpose === "TxProfile" &&
          p.evseId === evseId &&
          (p.transactionId === undefined || p.transactionId === transactionId),
      ),
    );
  }

  /**
   * The most an EVSE may draw in W during `transactionId`: its TxProfile if it has one, else the TxDefaultProfile
   * (of the EVSE, else of the station), capped by the station maximum; `undefined` when nothing limits it.
   */
  limitW(evseId: number, transactionId: string): number | undefined {
    const all = [...this.installed.values()];
    const tx =
      this.txProfile(evseId, transactionId) ??
      this.top(all.filter((p) => p.purpose === "TxDefaultProfile" && p.evseId === evseId)) ??
      this.top(all.filter((p) => p.purpose === "TxDefaultProfile" && p.evseId === 0));
    const max = this.top(all.filter((p) => p.purpose === "ChargingStationMaxProfile"));
    const limits = [tx, max].flatMap((p) => (p === undefined ? [] : [watts(p)]));
    return limits.length === 0 ? undefined : Math.min(...limits);
  }

  private top(profiles: readonly StationProfile[]): StationProfile | undefined {
    return profiles.reduce<StationProfile | undefined>(
      (best, p) => (best === undefined || p.stackLevel > best.stackLevel ? p : best),
      undefined,
    );
  }
}

/** A profile's limit in W. */
export function watts(profile: Pick<StationProfile, "unit" | "limit" | "phases">): number {
  return profile.unit === "W" ? profile.limit : profile.limit * profile.phases * VOLTS;
}
