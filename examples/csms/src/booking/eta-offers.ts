import type { Clock, ReservationId } from "@chargekit/core";
import type { SlotOffer } from "@chargekit/reservations";

/** Most offers kept at once (the oldest go first). */
const MAX_OFFERS = 10_000;

/**
 * The ETA offers the server made, by reservation: accepting names the reservation only, so a caller cannot accept
 * a window it was never offered. One offer per reservation (a newer one replaces it); an offer past its
 * `expiresAt` is gone.
 */
export class EtaOffers {
  private readonly offers = new Map<ReservationId, SlotOffer>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Remembers the offer made for a reservation. */
  remember(id: ReservationId, offer: SlotOffer): void {
    this.offers.delete(id);
    this.offers.set(id, offer);
    if (this.offers.size > MAX_OFFERS) {
      const oldest = this.offers.keys().next();
      if (oldest.done !== true) this.offers.delete(oldest.value);
    }
  }

  /** The open offer of a reservation, if it has not expired. */
  get(id: ReservationId): SlotOffer | undefined {
    const offer = this.offers.get(id);
    if (offer !== undefined && offer.expiresAt <= this.clock.now()) {
      this.offers.delete(id);
      return undefined;
    }
    return offer;
  }

  /** Forgets a reservation's offer (accepted, declined, or the reservation ended). */
  drop(id: ReservationId): void {
    this.offers.delete(id);
  }
}
