import type { TransactionRecord } from "@chargekit/ocpp";
import type { PaymentSession } from "@chargekit/payments";
import { z } from "zod";
import { moneyOf } from "../billing/money-text.js";
import type { SessionRecord } from "../store/session-store.js";
import type { CostView } from "../wiring/events.js";
import type { CsmsServices } from "../wiring/services.js";
import { instantOut, iso } from "./common.js";

const costSchema = z
  .object({
    currency: z.string(),
    exclVat: z.string().describe("decimal text, e.g. 12.40"),
    inclVat: z.string().describe("decimal text: what the driver pays"),
    final: z.boolean().describe("false while the session runs (the running cost), true once priced"),
    energyWh: z.number().optional().describe("energy priced, Wh (running cost only)"),
    at: instantOut.optional().describe("time of the last meter value priced (running cost only)"),
  })
  .meta({ id: "SessionCost" });

const paymentSchema = z
  .object({
    sessionId: z.string(),
    state: z.string().describe("Authorized, Active, Captured, Voided, Receivable … (see docs/payments.md)"),
    hold: z.string().describe("the amount held, decimal text"),
    captured: z.string(),
    receivable: z.string().describe("owed but not captured"),
    currency: z.string(),
  })
  .meta({ id: "SessionPayment" });

/** One charging session (a transaction with what the CSMS knows around it). */
export const sessionSchema = z
  .object({
    stationId: z.string(),
    transactionId: z.string(),
    siteId: z.string().optional(),
    evseId: z.number().int().optional(),
    driverId: z.string().optional(),
    status: z.enum(["active", "ended"]),
    startedAt: instantOut,
    endedAt: instantOut.optional(),
    energyWh: z.number().describe("energy delivered so far (final once ended), Wh"),
    stoppedReason: z.string().optional(),
    tariffId: z.string().optional(),
    cost: costSchema.optional().describe("the running cost while active, the final cost once priced"),
    payment: paymentSchema.optional(),
  })
  .meta({ id: "Session" });

/** The detail adds what the station reported about the transaction. */
export const sessionDetailSchema = sessionSchema
  .extend({
    ocpp: z
      .object({
        family: z.enum(["1.6", "2.x"]),
        meterStartWh: z.number().optional(),
        meterStopWh: z.number().optional(),
        chargingState: z.string().optional(),
        complete: z.boolean().describe("every message of the transaction arrived"),
        offline: z.boolean().describe("some messages were sent while the station was offline"),
        sampleCount: z.number().int(),
        reservationId: z.number().int().optional(),
      })
      .optional(),
  })
  .meta({ id: "SessionDetail" });

/** A session as the API shows it. */
export type SessionView = z.input<typeof sessionSchema>;

function costOf(record: SessionRecord, running: CostView | undefined): SessionView["cost"] {
  if (record.cost !== undefined) return { ...record.cost, final: true };
  if (running === undefined) return undefined;
  return {
    currency: running.currency,
    exclVat: running.exclVat,
    inclVat: running.inclVat,
    final: false,
    energyWh: running.energyWh,
    at: iso(running.at),
  };
}

function paymentOf(payment: PaymentSession | undefined): SessionView["payment"] {
  if (payment === undefined) return undefined;
  return {
    sessionId: payment.id,
    state: payment.state,
    hold: moneyOf(payment.holdAmount),
    captured: moneyOf(payment.capturedAmount),
    receivable: moneyOf(payment.receivableAmount),
    currency: payment.currency,
  };
}

/**
 * Builds the view of a session: the row, the live energy of a running one (from the transaction store), its running
 * or final cost, and its payment.
 */
export async function sessionView(
  services: CsmsServices,
  record: SessionRecord,
  transaction?: TransactionRecord,
): Promise<SessionView> {
  const active = record.endedAt === undefined;
  const tx =
    transaction ??
    (active ? await services.need("registry").transactions.get(record.stationId, record.transactionId) : undefined);
  const running = active ? services.get("billing")?.runningCost(record.stationId, record.transactionId) : undefined;
  const payment =
    record.paymentSessionId === undefined ? undefined : await services.get("payments")?.get(record.paymentSessionId);
  const cost = costOf(record, running);
  const paid = paymentOf(payment);
  return {
    stationId: record.stationId,
    transactionId: record.transactionId,
    ...(record.siteId === undefined ? {} : { siteId: record.siteId }),
    ...(record.evseId === undefined ? {} : { evseId: record.evseId }),
    ...(record.driverId === undefined ? {} : { driverId: record.driverId }),
    status: active ? "active" : "ended",
    startedAt: iso(record.startedAt),
    ...(record.endedAt === undefined ? {} : { endedAt: iso(record.endedAt) }),
    energyWh: active ? (tx?.energyWh ?? record.energyWh) : record.energyWh,
    ...(record.stoppedReason === undefined ? {} : { stoppedReason: record.stoppedReason }),
    ...(record.tariffId === undefined ? {} : { tariffId: record.tariffId }),
    ...(cost === undefined ? {} : { cost }),
    ...(paid === undefined ? {} : { payment: paid }),
  };
}

/** The detail view: {@link sessionView} plus the transaction as the station reported it. */
export async function sessionDetail(
  services: CsmsServices,
  record: SessionRecord,
): Promise<z.input<typeof sessionDetailSchema>> {
  const tx = await services.need("registry").transactions.get(record.stationId, record.transactionId);
  const base = await sessionView(services, record, tx);
  if (tx === undefined) return base;
  return {
    ...base,
    ocpp: {
      family: tx.family,
      ...(tx.meterStartWh === undefined ? {} : { meterStartWh: tx.meterStartWh }),
      ...(tx.meterStopWh === undefined ? {} : { meterStopWh: tx.meterStopWh }),
      ...(tx.chargingState === undefined ? {} : { chargingState: tx.chargingState }),
      complete: tx.complete,
      offline: tx.offline,
      sampleCount: tx.sampleCount,
      ...(tx.reservationId === undefined ? {} : { reservationId: tx.reservationId }),
    },
  };
}
