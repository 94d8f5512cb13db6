import type { StationId } from "@chargekit/core";
import type { CommandOptions, CommandResult } from "./failure.js";
import type {
  CancelReservationRequest,
  ChangeAvailabilityRequest,
  ClearChargingProfileRequest,
  CommandStatus,
  CompositeScheduleRequest,
  CompositeScheduleResult,
  DataTransferMessage,
  DataTransferResult,
  GetConfigurationRequest,
  GetConfigurationResult,
  LocalListVersion,
  RemoteStartRequest,
  RemoteStartResult,
  RemoteStopRequest,
  ReserveNowRequest,
  ResetRequest,
  SendLocalListRequest,
  SetChargingProfileRequest,
  SetConfigurationRequest,
  SetConfigurationResult,
  TriggerMessageRequest,
  UnlockConnectorRequest,
} from "./requests.js";

/**
 * The neutral command API: CSMS-initiated operations, typed and awaitable from anywhere in the program, mapped
 * to each station's OCPP version. Every command resolves with a {@link CommandResult}; a station that is not
 * connected gives `NOT_CONNECTED` at once.
 *
 * @example
 * ```ts no-run
 * const started = await registry.commands.remoteStart(StationId.of("CP-1"), { token: { value: IdToken.of("APP-42") } });
 * if (!started.ok) console.log(started.error.code); // NOT_CONNECTED, TIMEOUT, CALL_ERROR …
 * else console.log(started.value.status); // Accepted | Rejected
 * ```
 * @category CSMS commands
 */
export interface CsmsCommands {
  /** Starts a transaction remotely. */
  remoteStart(
    stationId: StationId,
    request: RemoteStartRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<RemoteStartResult>>;
  /** Stops a transaction remotely. */
  remoteStop(
    stationId: StationId,
    request: RemoteStopRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Rejected">>>;
  /** Resets the station (or, 2.x, one EVSE). */
  reset(
    stationId: StationId,
    request?: ResetRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Rejected" | "Scheduled">>>;
  /** Makes the station, an EVSE or a connector operative or inoperative. */
  changeAvailability(
    stationId: StationId,
    request: ChangeAvailabilityRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Rejected" | "Scheduled">>>;
  /**
   * Reads configuration: 1.6 GetConfiguration, 2.x GetVariables (or, with no keys, GetBaseReport
   * ConfigurationInventory and the NotifyReport messages that answer it).
   */
  getConfiguration(
    stationId: StationId,
    request?: GetConfigurationRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<GetConfigurationResult>>;
  /** Writes configuration: 1.6 ChangeConfiguration per key, 2.x one SetVariables. */
  setConfiguration(
    stationId: StationId,
    request: SetConfigurationRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<SetConfigurationResult>>;
  /** Asks the station to send a message now. */
  triggerMessage(
    stationId: StationId,
    request: TriggerMessageRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Rejected" | "NotImplemented">>>;
  /** Unlocks a connector. */
  unlockConnector(
    stationId: StationId,
    request: UnlockConnectorRequest,
    options?: CommandOptions,
  ): Promise<
    CommandResult<
      CommandStatus<"Unlocked" | "UnlockFailed" | "NotSupported" | "OngoingAuthorizedTransaction" | "UnknownConnector">
    >
  >;
  /** Reserves an EVSE (or any) for a credential. */
  reserveNow(
    stationId: StationId,
    request: ReserveNowRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Faulted" | "Occupied" | "Rejected" | "Unavailable">>>;
  /** Cancels a reservation. */
  cancelReservation(
    stationId: StationId,
    request: CancelReservationRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Rejected">>>;
  /** Installs a charging profile built from a neutral power schedule. */
  setChargingProfile(
    stationId: StationId,
    request: SetChargingProfileRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Rejected" | "NotSupported">>>;
  /** Removes charging profiles. */
  clearChargingProfile(
    stationId: StationId,
    request?: ClearChargingProfileRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Unknown">>>;
  /** Reads the station's composite schedule as a neutral power schedule. */
  getCompositeSchedule(
    stationId: StationId,
    request: CompositeScheduleRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CompositeScheduleResult>>;
  /** Updates the local authorization list. */
  sendLocalList(
    stationId: StationId,
    request: SendLocalListRequest,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Failed" | "NotSupported" | "VersionMismatch">>>;
  /** Reads the local authorization list version. */
  getLocalListVersion(stationId: StationId, options?: CommandOptions): Promise<CommandResult<LocalListVersion>>;
  /** Clears the authorization cache. */
  clearCache(
    stationId: StationId,
    options?: CommandOptions,
  ): Promise<CommandResult<CommandStatus<"Accepted" | "Rejected">>>;
  /** Vendor-specific data. */
  dataTransfer(
    stationId: StationId,
    request: DataTransferMessage,
    options?: CommandOptions,
  ): Promise<CommandResult<DataTransferResult>>;
}
