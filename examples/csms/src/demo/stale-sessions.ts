import { type Clock, formatInstant, type Logger } from "@chargekit/core";
import type { OcppVersion, RpcEndpoint, TransactionRecord } from "@chargekit/ocpp";

/**
 * Ends the transactions the server still has open for a demo station that was switched off without ending them (the
 * previous run was killed): the simulator keeps its sessions in memory, so after a restart its stations come back
 * empty. As a real station does after a power loss, it reports each one ended (`PowerLoss`) at its last known meter
 * reading, on the connection it just booted on. Returns how many it ended.
 */
export async function endStaleTransactions(
  endpoint: RpcEndpoint<"station">,
  version: OcppVersion,
  open: readonly TransactionRecord[],
  clock: Clock,
  logger: Logger,
): Promise<number> {
  let ended = 0;
  const timestamp = formatInstant(clock.now());
  for (const tx of open) {
    const meterStop = Math.round(tx.lastRegister?.wh ?? tx.meterStopWh ?? tx.meterStartWh ?? 0);
    const result =
      version === "ocpp1.6"
        ? tx.family === "1.6" && /^\d+$/.test(tx.id)
          ? await endpoint.call("ocpp1.6", "StopTransaction", {
              transactionId: Number(tx.id),
              meterStop,
              timestamp,
              reason: "PowerLoss",
            })
          : undefined
        : tx.family !== "1.6"
          ? await endpoint.call(version, "TransactionEvent", {
              eventType: "Ended",
              timestamp,
              triggerReason: "AbnormalCondition",
              seqNo: Math.max(0, ...tx.seqNos) + 1,
              transactionInfo: { transactionId: tx.id, stoppedReason: "PowerLoss" },
              ...(tx.evseId === undefined ? {} : { evse: { id: tx.evseId, connectorId: 1 } }),
              meterValue: [
                {
                  timestamp,
                  sampledValue: [
                    { value: meterStop, context: "Transaction.End", measurand: "Energy.Active.Import.Register" },
                  ],
                },
              ],
            })
          : undefined;
    if (result?.ok === true) ended++;
    else {
      logger.warn(
        {
          stationId: tx.stationId,
          transactionId: tx.id,
          error: result?.ok === false ? result.error.message : "family",
        },
        "demo: could not end a transaction left open by a previous run",
      );
    }
  }
  return ended;
}
