import type { ApiCall, Json } from "../../testing/api-client.js";

export { type ApiCall, apiClient, type Json } from "../../testing/api-client.js";

/** Calls the API and fails with the answer unless it is `expected`. */
export async function expectStatus(call: ReturnType<ApiCall>, expected: number): Promise<Json> {
  const res = await call;
  if (res.status !== expected) {
    throw new Error(`expected HTTP ${expected}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/** Provisions a station's Basic auth password as an operator does (`PUT …/password`); resolves with it. */
export async function provisionPassword(api: ApiCall, operator: string, stationId: string): Promise<string> {
  const body = await expectStatus(api("PUT", `/api/v1/stations/${stationId}/password`, operator, {}), 200);
  return body.password;
}

/** Registers a driver's token with a card on file (holds and captures go through the payment provider). */
export async function registerToken(
  api: ApiCall,
  operator: string,
  credential: Record<string, string>,
  driverId: string,
): Promise<void> {
  await expectStatus(
    api("PUT", "/api/v1/tokens", operator, { credential, driverId, billing: { paymentMethod: "pm_card_visa" } }),
    200,
  );
}

/** The API path of one transaction. */
export function transactionPath(stationId: string, transactionId: string): string {
  return `/api/v1/stations/${stationId}/transactions/${encodeURIComponent(transactionId)}`;
}

/** A site's row of the revenue report (zeros when it has none yet). */
export async function revenueOf(
  api: ApiCall,
  operator: string,
  siteId: string,
): Promise<{ sessions: number; inclVat: number; captured: number }> {
  const body = await expectStatus(api("GET", `/api/v1/reports/revenue?siteId=${siteId}`, operator), 200);
  const row = body.items.find((r: { siteId?: string }) => r.siteId === siteId);
  return {
    sessions: row?.sessions ?? 0,
    inclVat: Number(row?.inclVat ?? 0),
    captured: Number(row?.captured ?? 0),
  };
}

/** A site's energy total of the energy report over the days around `at` (Wh). */
export async function energyOf(api: ApiCall, operator: string, siteId: string, at: number): Promise<number> {
  const day = (offset: number) => new Date(at + offset * 86_400_000).toISOString().slice(0, 10);
  const body = await expectStatus(
    api("GET", `/api/v1/reports/energy?siteId=${siteId}&from=${day(-1)}&to=${day(1)}`, operator),
    200,
  );
  return body.totals.find((t: { siteId?: string }) => t.siteId === siteId)?.energyWh ?? 0;
}
