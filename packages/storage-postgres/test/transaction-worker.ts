// One process of the OCPP transaction race: every connection resends the same 1.6 StartTransactions and the same
// 2.x TransactionEvents (as stations with offline queues do after a reconnect, to whichever process they reach).
import { ConnectorId, EvseId, IdToken, StationId, TransactionId } from "@chargekit/core";
import pg from "pg";
import { createPostgresTransactionStore } from "../src/ocpp/transaction-store.js";
import { waitForGo } from "./spawn-worker.js";

const url = process.env["RACE_URL"] as string;
const worker = Number(process.env["RACE_WORKER"]);
const connections = Number(process.env["RACE_CONNECTIONS"]);
const STARTS = 10;
const EVENTS = 12;
const T0 = Date.UTC(2026, 0, 1, 8);
const cp = StationId.of("CP-RACE");

const pool = new pg.Pool({ connectionString: url, max: connections });
pool.on("error", () => {});
const store = createPostgresTransactionStore({ client: pool });
await Promise.all(Array.from({ length: connections }, () => pool.query("SELECT 1")));
await waitForGo();

const starts: { key: string; outcome: string; id: string }[] = [];
const events: { seqNo: number; outcome: string }[] = [];
const errors: string[] = [];
await Promise.all(
  Array.from({ length: connections }, async (_, c) => {
    for (let round = 0; round < STARTS + EVENTS; round++) {
      const i = (round + c) % (STARTS + EVENTS); // connections walk the same messages from different places
      try {
        if (i < STARTS) {
          const key = `1|TAG|${1000 + i}|${T0 + i}`;
          const r = await store.startV16({
            stationId: cp,
            evseId: EvseId.of(1),
            connectorId: ConnectorId.of(1),
            token: { value: IdToken.of("TAG") },
            meterStartWh: 1000 + i,
            at: T0 + i,
            key,
          });
          starts.push({ key, outcome: r.outcome, id: r.transaction.id });
        } else {
          const seqNo = i - STARTS;
          const r = await store.apply({
            stationId: cp,
            transactionId: TransactionId.of("tx-2x"),
            family: "2.x",
            key: `seq:${seqNo}`,
            kind: seqNo === 0 ? "started" : seqNo === EVENTS - 1 ? "ended" : "updated",
            at: T0 + seqNo * 60_000,
            seqNo,
            samples: [
              {
                at: T0 + seqNo * 60_000,
                context:
                  seqNo === 0 ? "Transaction.Begin" : seqNo === EVENTS - 1 ? "Transaction.End" : "Sample.Periodic",
                energyWh: 5000 + seqNo * 100,
              },
            ],
          });
          events.push({ seqNo, outcome: r.outcome });
        }
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  }),
);
await pool.end();
process.stdout.write(`${JSON.stringify({ worker, starts, events, errors })}\n`);
