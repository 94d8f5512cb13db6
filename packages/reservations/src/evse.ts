import { type Brand, defineId, type IdKind, type Watts } from "@chargekit/core";
import { z } from "zod";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * An EVSE as the integrator names it: an opaque string (1–128 characters) chosen by the CSMS, not an OCPP number.
 * The CSMS maps it to a station identity and an EVSE/connector number when it talks OCPP (for example
 * `"CP-017/1"`), so the reservation engine never depends on OCPP numbering.
 *
 * @category EVSEs
 */
export type EvseRef = Brand<string, "EvseRef">;
/** @category EVSEs */
export const EvseRef: IdKind<EvseRef> = defineId(
  "EVSE reference",
  z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .max(128, { error: "must be at most 128 characters" })
    .refine((s) => !CONTROL.test(s), { error: "must not contain control characters" }),
);

/**
 * A connector type as the integrator names it, 1–64 characters. Using OCPP 2.0.1 `ConnectorEnumType` names
 * (`"cCCS2"`, `"cType2"`, `"sType2"` …) makes the mapping to `ReserveNow.connectorType` direct; OCPI names
 * (`"IEC_62196_T2_COMBO"`) work as well. Matching is exact.
 *
 * @category EVSEs
 */
export type ConnectorType = string;

/**
 * Schema of a {@link ConnectorType}.
 *
 * @category EVSEs
 */
export const connectorTypeSchema: z.ZodType<ConnectorType> = z
  .string({ error: "connector type must be a string" })
  .min(1, { error: "connector type must not be empty" })
  .max(64, { error: "connector type must be at most 64 characters" })
  .refine((s) => !CONTROL.test(s), { error: "connector type must not contain control characters" });

/**
 * Whether an EVSE can take reservations and sessions right now. `faulted` and `unavailable` EVSEs are not usable:
 * they take no new booking, and reservations that are open on them end as `removed` (OCPP H01.FR.16/17).
 *
 * @category EVSEs
 */
export type EvseStatus = "available" | "faulted" | "unavailable";

/**
 * The EVSE statuses, as data.
 *
 * @category EVSEs
 */
export const EVSE_STATUSES = ["available", "faulted", "unavailable"] as const satisfies readonly EvseStatus[];

/**
 * What the engine needs to know about one EVSE of a site.
 *
 * @category EVSEs
 */
export interface EvseSpec {
  /** The integrator's reference. */
  readonly ref: EvseRef;
  /** Connector types it offers (a driver needs one of them). */
  readonly connectorTypes: readonly ConnectorType[];
  /** The most power it can deliver, in W. */
  readonly maxPower: Watts;
  /** Its status at registration; `available` when left out. */
  readonly status?: EvseStatus;
}

/**
 * Schema of an {@link EvseSpec}.
 *
 * @category EVSEs
 */
export const evseSpecSchema: z.ZodType<EvseSpec> = z
  .object({
    ref: EvseRef.schema,
    connectorTypes: z.array(connectorTypeSchema).min(1, { error: "an EVSE needs at least one connector type" }).max(16),
    maxPower: z.number().finite().positive({ error: "maxPower must be a positive number of watts" }),
    status: z.enum(EVSE_STATUSES).optional(),
  })
  .strict() as unknown as z.ZodType<EvseSpec>;

/**
 * What a driver's car needs from an EVSE: a connector type and a minimum power.
 *
 * @category EVSEs
 */
export interface EvseRequirement {
  /** The connector type the car plugs into. */
  readonly connectorType: ConnectorType;
  /** The least power worth charging at, in W (0: any). */
  readonly minPower: Watts;
}

/**
 * True when `evse` offers the connector type and at least the power that `need` asks for.
 *
 * @category EVSEs
 */
export function isEligible(evse: Pick<EvseSpec, "connectorTypes" | "maxPower">, need: EvseRequirement): boolean {
  return evse.maxPower >= need.minPower && evse.connectorTypes.includes(need.connectorType);
}
