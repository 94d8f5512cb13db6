/**
 * One place for configuration across versions: OCPP 1.6 configuration keys and the OCPP 2.x device-model
 * variables that carry the same setting.
 */

/**
 * A 2.x device-model variable: component (with its instance and EVSE), variable (with its instance).
 *
 * @category Station model
 */
export interface VariableRef {
  /** Component name, e.g. `OCPPCommCtrlr`. */
  readonly component: string;
  /** Component instance. */
  readonly componentInstance?: string;
  /** The EVSE the component belongs to, if any. */
  readonly evseId?: number;
  /** Variable name, e.g. `HeartbeatInterval`. */
  readonly variable: string;
  /** Variable instance, e.g. `TransactionEvent` for `MessageAttempts`. */
  readonly instance?: string;
}

/**
 * A setting in the neutral configuration API: a 1.6 key name (understood by 2.x stations through
 * {@link CONFIG_KEY_VARIABLES}), or a 2.x variable (understood by 1.6 stations when the table has its key).
 *
 * @category Station model
 */
export type ConfigKey = string | VariableRef;

/**
 * OCPP 1.6 configuration keys and the 2.x variables with the same meaning.
 *
 * @category Station model
 */
export const CONFIG_KEY_VARIABLES: Readonly<Record<string, VariableRef>> = {
  HeartbeatInterval: { component: "OCPPCommCtrlr", variable: "HeartbeatInterval" },
  WebSocketPingInterval: { component: "OCPPCommCtrlr", variable: "WebSocketPingInterval" },
  ResetRetries: { component: "OCPPCommCtrlr", variable: "ResetRetries" },
  TransactionMessageAttempts: { component: "OCPPCommCtrlr", variable: "MessageAttempts", instance: "TransactionEvent" },
  TransactionMessageRetryInterval: {
    component: "OCPPCommCtrlr",
    variable: "MessageAttemptInterval",
    instance: "TransactionEvent",
  },
  MeterValueSampleInterval: { component: "SampledDataCtrlr", variable: "TxUpdatedInterval" },
  MeterValuesSampledData: { component: "SampledDataCtrlr", variable: "TxUpdatedMeasurands" },
  StopTxnSampledData: { component: "SampledDataCtrlr", variable: "TxEndedMeasurands" },
  ClockAlignedDataInterval: { component: "AlignedDataCtrlr", variable: "Interval" },
  MeterValuesAlignedData: { component: "AlignedDataCtrlr", variable: "Measurands" },
  StopTxnAlignedData: { component: "AlignedDataCtrlr", variable: "TxEndedMeasurands" },
  ConnectionTimeOut: { component: "TxCtrlr", variable: "EVConnectionTimeOut" },
  StopTransactionOnEVSideDisconnect: { component: "TxCtrlr", variable: "StopTxOnEVSideDisconnect" },
  StopTransactionOnInvalidId: { component: "TxCtrlr", variable: "StopTxOnInvalidId" },
  MaxEnergyOnInvalidId: { component: "TxCtrlr", variable: "MaxEnergyOnInvalidId" },
  LocalAuthorizeOffline: { component: "AuthCtrlr", variable: "LocalAuthorizeOffline" },
  LocalPreAuthorize: { component: "AuthCtrlr", variable: "LocalPreAuthorize" },
  AuthorizeRemoteTxRequests: { component: "AuthCtrlr", variable: "AuthorizeRemoteStart" },
  AllowOfflineTxForUnknownId: { component: "AuthCtrlr", variable: "OfflineTxForUnknownIdEnabled" },
  AuthorizationCacheEnabled: { component: "AuthCacheCtrlr", variable: "Enabled" },
  LocalAuthListEnabled: { component: "LocalAuthListCtrlr", variable: "Enabled" },
  LocalAuthListMaxLength: { component: "LocalAuthListCtrlr", variable: "Entries" },
  SendLocalListMaxLength: { component: "LocalAuthListCtrlr", variable: "ItemsPerMessage" },
  ChargeProfileMaxStackLevel: { component: "SmartChargingCtrlr", variable: "ProfileStackLevel" },
  ChargingScheduleAllowedChargingRateUnit: { component: "SmartChargingCtrlr", variable: "RateUnit" },
  ChargingScheduleMaxPeriods: { component: "SmartChargingCtrlr", variable: "PeriodsPerSchedule" },
  MaxChargingProfilesInstalled: { component: "SmartChargingCtrlr", variable: "Entries", instance: "ChargingProfiles" },
};

/**
 * A stable text form of a variable (`Component[componentInstance]@evse/Variable[instance]`), for maps and logs.
 *
 * @category Station model
 */
export function variableKey(ref: VariableRef): string {
  const component = `${ref.component}${ref.componentInstance === undefined ? "" : `[${ref.componentInstance}]`}`;
  const evse = ref.evseId === undefined ? "" : `@${ref.evseId}`;
  const variable = `${ref.variable}${ref.instance === undefined ? "" : `[${ref.instance}]`}`;
  return `${component}${evse}/${variable}`;
}

const keyOfVariable = new Map(Object.entries(CONFIG_KEY_VARIABLES).map(([key, ref]) => [variableKey(ref), key]));

/**
 * The 2.x variable of a neutral key: a variable as given, a 1.6 key through the table; undefined for a 1.6 key
 * the table does not know.
 *
 * @category Station model
 */
export function variableOfKey(key: ConfigKey): VariableRef | undefined {
  return typeof key === "string" ? CONFIG_KEY_VARIABLES[key] : key;
}

/**
 * The 1.6 key of a neutral key: a key as given, a variable through the table; undefined for a variable the
 * table does not know.
 *
 * @category Station model
 */
export function v16KeyOf(key: ConfigKey): string | undefined {
  return typeof key === "string" ? key : keyOfVariable.get(variableKey(key));
}
