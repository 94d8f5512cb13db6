import { CONFIG_KEY_VARIABLES, type VariableRef, variableKey } from "../station/config-keys.js";
import { parseTxPoints } from "../station/tx-points.js";

/** One setting the simulated station knows. */
interface Setting {
  /** Its 1.6 key, when 1.6 has one. */
  readonly key16?: string;
  /** Its 2.x variable, when 2.x has one. */
  readonly ref?: VariableRef;
  /** Current value. */
  value: string;
  /** Cannot be changed by the CSMS. */
  readonly readonly: boolean;
  /** Checks a new value. */
  readonly valid: (value: string) => boolean;
  /** Only OCPP 2.x has it (not listed by a 1.6 GetConfiguration). */
  readonly only2x: boolean;
}

const isUint = (v: string) => /^\d+$/.test(v) && Number(v) <= 2_147_483_647;
const isBool = (v: string) => v === "true" || v === "false";
const isPoints = (v: string) => v.split(",").every((p) => parseTxPoints(p).length === 1);
const anything = () => true;

/**
 * A setting's value and whether the CSMS may change it.
 *
 * @category Simulator
 */
export interface ConfigSetting {
  /** The value as text. */
  readonly value: string;
  /** The CSMS cannot change it. */
  readonly readonly: boolean;
}

/**
 * The configuration of a simulated station, addressable by 1.6 key or 2.x variable: what GetConfiguration /
 * GetVariables read and ChangeConfiguration / SetVariables write, and what the station's behaviour reads (sample
 * interval, retry rules, TxStartPoint …).
 *
 * @category Simulator
 */
export interface StationConfig {
  /** The value of a 1.6 key (2.x variables are reachable through their 1.6 key when they have one). */
  get(key16: string): string | undefined;
  /** A numeric setting. */
  number(key16: string, fallback: number): number;
  /** A boolean setting. */
  bool(key16: string, fallback: boolean): boolean;
  /** Reads a 2.x variable. */
  variable(ref: VariableRef): ConfigSetting | undefined;
  /** Writes by 1.6 key: `Accepted`, `Rejected` (read-only or invalid value) or `NotSupported` (unknown key). */
  setKey(key16: string, value: string): "Accepted" | "Rejected" | "NotSupported";
  /** Writes a 2.x variable: `Accepted`, `Rejected`, or `UnknownVariable`. */
  setVariable(ref: VariableRef, value: string): "Accepted" | "Rejected" | "UnknownVariable";
  /** Every setting with a 2.x variable, for GetBaseReport. */
  variables(): (ConfigSetting & {
    /** The variable. */
    readonly ref: VariableRef;
  })[];
  /** Every setting with a 1.6 key, for GetConfiguration without keys. */
  keys16(): (ConfigSetting & {
    /** The 1.6 key. */
    readonly key: string;
  })[];
}

/**
 * Builds a simulated station's configuration with sensible defaults (60 s samples, 3 attempts 60 s apart,
 * 120 s connection timeout, TxStartPoint PowerPathClosed, TxStopPoint EVConnected,Authorized); `overrides` sets
 * any of them by 1.6 key (or `Component/Variable` for 2.x-only ones).
 *
 * @category Simulator
 */
export function createStationConfig(
  evseCount: number,
  overrides: Readonly<Record<string, string>> = {},
): StationConfig {
  const settings: Setting[] = [];
  const add = (
    key16: string | undefined,
    ref: VariableRef | undefined,
    value: string,
    valid: (v: string) => boolean,
    readonly = false,
    only2x = false,
  ) =>
    settings.push({
      ...(key16 === undefined ? {} : { key16 }),
      ...(ref === undefined ? {} : { ref }),
      value,
      valid,
      readonly,
      only2x,
    });
  const std = (key16: string, value: string, valid: (v: string) => boolean, readonly = false) =>
    add(key16, CONFIG_KEY_VARIABLES[key16], value, valid, readonly);
  std("HeartbeatInterval", "300", isUint);
  std("WebSocketPingInterval", "0", isUint);
  std("MeterValueSampleInterval", "60", isUint);
  std("MeterValuesSampledData", "Energy.Active.Import.Register,Power.Active.Import,Current.Import,SoC", anything);
  std("ClockAlignedDataInterval", "0", isUint);
  std("TransactionMessageAttempts", "3", isUint);
  std("TransactionMessageRetryInterval", "60", isUint);
  std("ConnectionTimeOut", "120", isUint);
  std("StopTransactionOnEVSideDisconnect", "true", isBool);
  std("StopTransactionOnInvalidId", "true", isBool);
  std("AuthorizeRemoteTxRequests", "false", isBool);
  std("LocalAuthorizeOffline", "true", isBool);
  std("LocalPreAuthorize", "false", isBool);
  std("AllowOfflineTxForUnknownId", "false", isBool);
  std("LocalAuthListEnabled", "true", isBool);
  std("ChargeProfileMaxStackLevel", "8", isUint, true);
  std("ChargingScheduleAllowedChargingRateUnit", "Current,Power", anything, true);
  std("ChargingScheduleMaxPeriods", "24", isUint, true);
  std("MaxChargingProfilesInstalled", "16", isUint, true);
  add("NumberOfConnectors", undefined, String(evseCount), isUint, true);
  add(
    "SupportedFeatureProfiles",
    undefined,
    "Core,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger",
    anything,
    true,
  );
  add("ReserveConnectorZeroSupported", undefined, "false", isBool, true);
  add("TxStartPoint", { component: "TxCtrlr", variable: "TxStartPoint" }, "PowerPathClosed", isPoints, false, true);
  add(
    "TxStopPoint",
    { component: "TxCtrlr", variable: "TxStopPoint" },
    "EVConnected,Authorized",
    isPoints,
    false,
    true,
  );
  const by16 = new Map(settings.filter((s) => s.key16 !== undefined).map((s) => [s.key16 as string, s]));
  const byRef = new Map(settings.filter((s) => s.ref !== undefined).map((s) => [variableKey(s.ref as VariableRef), s]));
  for (const [key, value] of Object.entries(overrides)) {
    const s = by16.get(key);
    if (s === undefined || !s.valid(value)) throw new Error(`unknown setting or invalid value: ${key}=${value}`);
    s.value = value;
  }
  return {
    get: (key16) => by16.get(key16)?.value,
    number(key16, fallback) {
      const v = Number(by16.get(key16)?.value);
      return Number.isFinite(v) ? v : fallback;
    },
    bool(key16, fallback) {
      const v = by16.get(key16)?.value;
      return v === undefined ? fallback : v === "true";
    },
    variable(ref) {
      const s = byRef.get(variableKey(ref));
      return s === undefined ? undefined : { value: s.value, readonly: s.readonly };
    },
    setKey(key16, value) {
      const s = by16.get(key16);
      if (s === undefined) return "NotSupported";
      if (s.readonly || !s.valid(value)) return "Rejected";
      s.value = value;
      return "Accepted";
    },
    setVariable(ref, value) {
      const s = byRef.get(variableKey(ref));
      if (s === undefined) return "UnknownVariable";
      if (s.readonly || !s.valid(value)) return "Rejected";
      s.value = value;
      return "Accepted";
    },
    variables: () =>
      settings.flatMap((s) => (s.ref === undefined ? [] : [{ ref: s.ref, value: s.value, readonly: s.readonly }])),
    keys16: () =>
      [...by16.values()]
        .filter((s) => s.only2x !== true)
        .map((s) => ({ key: s.key16 as string, value: s.value, readonly: s.readonly })),
  };
}
