import { ChargekitError, type CoreErrorCode } from "@chargekit/core";
import type { ActionRefusal, BookingRefusal } from "@chargekit/reservations";

/** The error codes of reservations and queues, with their HTTP statuses (the module's `errorStatuses`). */
export const BOOKING_ERROR_STATUSES: Readonly<Record<string, number>> = {
  SLOT_TAKEN: 409,
  NO_CAPACITY: 409,
  EVSE_UNAVAILABLE: 409,
  DRIVER_LIMIT: 409,
  RESERVATION_ENDED: 409,
  HOLD_LAPSED: 409,
  NOT_CONFIRMED: 409,
  OFFER_EXPIRED: 409,
  NO_OFFER: 409,
  ALREADY_QUEUED: 409,
  QUEUE_FULL: 409,
  CHARGER_TAKEN: 409,
};

/** The codes of {@link BOOKING_ERROR_STATUSES}. */
export type BookingErrorCode =
  | "SLOT_TAKEN"
  | "NO_CAPACITY"
  | "EVSE_UNAVAILABLE"
  | "DRIVER_LIMIT"
  | "RESERVATION_ENDED"
  | "HOLD_LAPSED"
  | "NOT_CONFIRMED"
  | "OFFER_EXPIRED"
  | "NO_OFFER"
  | "ALREADY_QUEUED"
  | "QUEUE_FULL"
  | "CHARGER_TAKEN";

/** An error of reservations and queues. */
export type BookingError = ChargekitError<BookingErrorCode | CoreErrorCode>;

function field(path: string, message: string): BookingError {
  return new ChargekitError<BookingErrorCode | CoreErrorCode>("INVALID_INPUT", `${path}: ${message}`, {
    details: { issues: [{ path, message }] },
  });
}

/** The HTTP error of a booking the engine refused: the field for a bad request, a stable code for a conflict. */
export function bookingError(refusal: BookingRefusal): BookingError {
  switch (refusal.reason) {
    case "invalid_request":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>("INVALID_INPUT", refusal.message);
    case "unknown_site":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>("NOT_FOUND", "site not found");
    case "window_in_past":
      return field("body.start", "the window has already begun or passed");
    case "window_too_short":
      return field("body.end", "the window is shorter than the site allows");
    case "window_too_long":
      return field("body.end", "the window is longer than the site allows");
    case "too_far_ahead":
      return field("body.start", "the window starts further ahead than the site books");
    case "unknown_evse":
      return field("body.evseId", "the site has no such EVSE");
    case "not_eligible":
      return field("body.connectorType", "the EVSE does not offer this connector type or power");
    case "no_eligible_evse":
      return field("body.connectorType", "no EVSE of the site offers this connector type and power");
    case "evse_unusable":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>(
        "EVSE_UNAVAILABLE",
        "the EVSE is faulted or unavailable",
      );
    case "evse_occupied":
    case "slot_taken":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>(
        "SLOT_TAKEN",
        "the EVSE is taken for (part of) this window",
      );
    case "no_capacity":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>(
        "NO_CAPACITY",
        "every eligible EVSE of the site is taken for (part of) this window",
      );
    case "driver_limit":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>(
        "DRIVER_LIMIT",
        `a driver may hold at most ${refusal.max} live reservations`,
      );
    case "conflict":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>(
        "CONFLICT",
        "the slot kept changing under concurrent bookings; try again",
      );
  }
}

/** The HTTP error of an action on a reservation the engine refused. */
export function actionError(refusal: ActionRefusal | BookingRefusal, what: string): BookingError {
  switch (refusal.reason) {
    case "not_found":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>("NOT_FOUND", `${what} not found`);
    case "ended":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>(
        "RESERVATION_ENDED",
        `${what} has ended (${refusal.status})`,
      );
    case "hold_lapsed":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>("HOLD_LAPSED", `${what} was not confirmed in time`);
    case "not_confirmed":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>("NOT_CONFIRMED", `${what} is not confirmed yet`);
    case "offer_expired":
      return new ChargekitError<BookingErrorCode | CoreErrorCode>(
        "OFFER_EXPIRED",
        "the offered slot has expired; update the ETA again",
      );
    default:
      return bookingError(refusal as BookingRefusal); // the reasons left are a booking's
  }
}
