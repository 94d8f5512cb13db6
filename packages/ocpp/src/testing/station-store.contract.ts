import { ConnectorId, EvseId, StationId } from "@chargekit/core";
import { defineContractSuite } from "@chargekit/core/testing";
import { expect } from "vitest";
import type { StationStore } from "../csms/station-store.js";
import type { ConnectorView } from "../station/model.js";

const T0 = Date.UTC(2026, 0, 1);
const cp = StationId.of("CP-1");

function status(evse: number, status: ConnectorView["status"], since: number, connector = 1): ConnectorView {
  return { evseId: EvseId.of(evse), connectorId: ConnectorId.of(connector), status, since };
}

/**
 * The behaviour every {@link StationStore} must show. Each test gets a fresh, empty store from the factory.
 *
 * @example
 * ```ts
 * import { describeStationStoreContract } from "@chargekit/ocpp/testing";
 * describeStationStoreContract("postgres", () => createPostgresStationStore({ pool }), { dispose: truncate });
 * ```
 * @category Testing
 */
export const describeStationStoreContract = defineContractSuite<StationStore>("StationStore", (t) => {
  t.test("an unknown station reads as undefined; a boot creates it with its boot info", async () => {
    const store = t.subject();
    expect(await store.get(cp)).toBeUndefined();
    const boot = { vendor: "ACME", model: "X1", serialNumber: "S-1" };
    const record = await store.recordBoot(cp, { version: "ocpp2.0.1", boot, registration: "Pending", at: T0 });
    expect(record).toEqual({
      id: cp,
      version: "ocpp2.0.1",
      boot,
      registration: "Pending",
      bootedAt: T0,
      connectors: [],
    });
    expect(await store.get(cp)).toEqual(record);
    const again = await store.recordBoot(cp, { version: "ocpp1.6", boot, registration: "Accepted", at: T0 + 1000 });
    expect(again).toMatchObject({ version: "ocpp1.6", registration: "Accepted", bootedAt: T0 + 1000 });
  });

  t.test("keeps the latest status per connector, ordered by EVSE and connector; an older one is refused", async () => {
    const store = t.subject();
    expect(await store.recordStatus(cp, status(2, "Available", T0))).toEqual({ applied: true, previous: undefined });
    await store.recordStatus(cp, status(1, "Available", T0));
    const occupied = status(1, "Occupied", T0 + 10);
    expect(await store.recordStatus(cp, occupied)).toEqual({ applied: true, previous: status(1, "Available", T0) });
    expect(await store.recordStatus(cp, status(1, "Faulted", T0 + 5))).toEqual({ applied: false, previous: occupied });
    const record = await store.get(cp);
    expect(record?.connectors).toEqual([occupied, status(2, "Available", T0)]);
    // the same instant is not older: a repeated report applies
    expect((await store.recordStatus(cp, status(1, "Available", T0 + 10))).applied).toBe(true);
  });

  t.test("a boot keeps the connector statuses; a heartbeat keeps the latest time", async () => {
    const store = t.subject();
    await store.recordStatus(cp, status(1, "Reserved", T0));
    await store.recordBoot(cp, {
      version: "ocpp1.6",
      boot: { vendor: "A", model: "B" },
      registration: "Accepted",
      at: T0 + 5,
    });
    await store.recordHeartbeat(cp, T0 + 100);
    await store.recordHeartbeat(cp, T0 + 50);
    const record = await store.get(cp);
    expect(record?.connectors).toEqual([status(1, "Reserved", T0)]);
    expect(record?.lastHeartbeatAt).toBe(T0 + 100);
  });

  t.test("concurrent status reports for different connectors are all kept (no lost update)", async () => {
    const store = t.subject();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.recordStatus(cp, status(i + 1, "Available", T0 + i))));
    expect((await store.get(cp))?.connectors.map((c) => c.evseId)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  t.test("lists every station by identity; stations do not see each other's connectors", async () => {
    const store = t.subject();
    const other = StationId.of("CP-0");
    await store.recordHeartbeat(cp, T0);
    await store.recordStatus(other, status(1, "Faulted", T0));
    const list = await store.list();
    expect(list.map((s) => s.id)).toEqual([other, cp]);
    expect(list[1]?.connectors).toEqual([]);
  });
});
