// Load generator of bench/ocpp-rpc.bench.ts, run in a worker thread so the server under test has the main thread:
// N raw WebSocket stations, each sending the message mix one CALL at a time (OCPP allows one outstanding CALL) and
// counting completed round trips during the measurement window. The same generator drives every server.
import { parentPort, workerData } from "node:worker_threads";
import WebSocket from "ws";

const { url, stations, calls, warmupMs, measureMs, protocol } = workerData;
let measuring = false;
let done = false;
let roundTrips = 0;
let errors = 0;
const latencies = [];

function station(index) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/LOAD-${index}`, [protocol], { perMessageDeflate: false });
    let seq = 0;
    let sentAt = 0;
    let pendingId = "";
    const next = () => {
      if (done) return;
      const call = calls[seq % calls.length];
      pendingId = `${index}-${seq++}`;
      sentAt = performance.now();
      ws.send(`[2,"${pendingId}",${call}`);
    };
    ws.on("message", (data) => {
      const text = data.toString();
      if (!text.startsWith(`[3,"${pendingId}"`)) errors++;
      if (measuring) {
        roundTrips++;
        if (latencies.length < 200_000) latencies.push(performance.now() - sentAt);
      }
      next();
    });
    ws.once("open", () => resolve({ ws, start: next }));
    ws.once("error", reject);
  });
}

const connected = [];
for (let i = 0; i < stations; i += 50) {
  const batch = [];
  for (let j = i; j < Math.min(stations, i + 50); j++) batch.push(station(j));
  connected.push(...(await Promise.all(batch)));
}
for (const s of connected) s.start();
await new Promise((r) => setTimeout(r, warmupMs));
measuring = true;
// tells the main thread (the server under test) to start its own accounting
parentPort.postMessage({ phase: "measuring" });
const t0 = performance.now();
await new Promise((r) => setTimeout(r, measureMs));
measuring = false;
parentPort.postMessage({ phase: "done" });
const elapsed = performance.now() - t0;
done = true;
for (const s of connected) s.ws.terminate();
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
parentPort.postMessage({ roundTrips, perSecond: (roundTrips / elapsed) * 1000, p50: pct(0.5), p99: pct(0.99), errors });
