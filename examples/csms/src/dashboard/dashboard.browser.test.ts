import { IdToken, MINUTE, SiteId, silentLogger } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CsmsServer, createServer } from "../server/create-server.js";
import { type Browser, launchChromium } from "../testing/chromium.js";
import { testConfig } from "../testing/config.js";
import type { ConnectedStation, CsmsHarness } from "../testing/csms-harness.js";
import { testKeys } from "../testing/keys.js";
import { documentSchemas, pointerSegment } from "../testing/openapi-validator.js";
import { startTwoStations, type TwoStations } from "../testing/two-stations.js";
import { createMemoryDashboardSource, type MemoryDashboardSource, seedFromConfig } from "./memory-source.js";

const clock = createManualClock(Date.parse("2026-03-02T09:00:00Z"));
const GRID_AMPS = 20;
const LIMIT_KW = ((GRID_AMPS * 3 * 230) / 1000).toFixed(1); // "13.8": less than two EVs would draw unchecked
/** How long the page may take to show a change (a loaded CI machine runs the server, the browser and the test). */
const SOON = { timeout: 10_000 };
let browser: Browser;
let stations: TwoStations;
let csms: CsmsHarness;
let cp16: ConnectedStation;
let cp201: ConnectedStation;

/** The kW figure at the start of a text such as `"7.4 kW"` or `"11.0 kW of 22.1 kW (50%)"`. */
function kwOf(text: string | null): number {
  const match = /^(\d+\.\d) kW/.exec(text ?? "");
  if (match === null) throw new Error(`no kW figure in ${JSON.stringify(text)}`);
  return Number(match[1]);
}

beforeAll(async () => {
  browser = await launchChromium();
  stations = await startTwoStations({
    stepMs: 10_000,
    clock,
    gridAmps: GRID_AMPS,
    otherStations: [{ id: "CP-OFF", evses: 1 }],
  });
  ({ csms, cp16, cp201 } = stations);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stations?.stop();
});

/** Opens the dashboard with the operator key and waits until it follows the live stream. */
async function openDashboard(errors: string[]): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${csms.http}/#key=${csms.keys.operator}`);
  await page.locator('#connection[data-state="live"]').waitFor();
  return page;
}

describe("operator dashboard in headless Chromium, against the assembled CSMS with simulated stations", () => {
  it("shows what the stations report, and follows them on screen as they change", async () => {
    const errors: string[] = [];
    const page = await openDashboard(errors);
    const row = (id: string) => page.locator(`tr[data-station-id="${id}"]`);
    const statusOf = (id: string) => row(id).locator('[data-field="status"]').textContent();

    await expect.poll(() => statusOf("CP-16"), SOON).toBe("Available");
    expect(await statusOf("CP-201")).toBe("Available");
    expect(await statusOf("CP-OFF")).toBe("Offline");
    expect(await row("CP-16").locator('[data-field="evses"]').textContent()).toBe("1: Available, 2: Available");
    expect(await page.evaluate("location.hash")).toBe("");

    // A driver starts charging on the 1.6 station: its StatusNotifications change the row without a reload.
    cp16.station.plugIn(1);
    expect(await cp16.station.presentToken(1, { value: IdToken.of("TAG-A") })).toBe("Authorized");
    await stations.run(5_000, 1_000);
    await row("CP-16").locator('.status[data-status="Charging"]').waitFor();
    expect(await row("CP-16").locator('[data-field="evses"]').textContent()).toBe("1: Charging, 2: Available");

    // The 2.0.1 station reports Occupied with chargingState Charging.
    cp201.station.plugIn(1);
    expect(await cp201.station.presentToken(1, { value: IdToken.of("TAG-B"), kind: "ISO14443" })).toBe("Authorized");
    await stations.run(5_000, 1_000);
    await row("CP-201").locator('.status[data-status="Charging"]').waitFor();

    // Meter values: each station's power, and the site's power sampled against its limit.
    await stations.run(3 * MINUTE);
    const drawn = cp16.station.evse(1).powerW + cp201.station.evse(1).powerW;
    expect(drawn).toBeGreaterThan(0);
    expect(cp16.station.evse(1).powerW).toBeLessThan(11_000); // held below what the EV draws alone (16 A)
    await expect
      .poll(async () => kwOf(await row("CP-16").locator('[data-field="power"]').textContent()), SOON)
      .toBe(Number((cp16.station.evse(1).powerW / 1000).toFixed(1)));
    const reading = page.locator('[data-site-id="site-a"] [data-field="reading"]');
    await expect.poll(async () => kwOf(await reading.textContent()), SOON).toBeGreaterThan(0);
    const text = (await reading.textContent()) ?? "";
    expect(text).toContain(` of ${LIMIT_KW} kW (`);
    expect(kwOf(text)).toBeLessThanOrEqual(Number(LIMIT_KW));
    expect(kwOf(text)).toBe(Number((drawn / 1000).toFixed(1)));
    expect(await page.locator('[data-site-id="site-a"] polyline.power').getAttribute("points")).toMatch(/ /);

    // A demand-response cap lowers the limit in force: the reading and the limit line follow it.
    const dr = await csms.api("POST", "/api/v1/sites/site-a/demand-response", csms.keys.operator, {
      id: "dso-1",
      start: new Date(clock.now() + MINUTE).toISOString(),
      end: new Date(clock.now() + 60 * MINUTE).toISOString(),
      signal: { kind: "cap", capKw: 9 },
    });
    expect(dr.status).toBe(201);
    await stations.run(4 * MINUTE);
    await expect.poll(() => reading.textContent(), SOON).toMatch(/ of 9\.0 kW \(/);
    const capped = (await reading.textContent()) ?? "";
    expect(kwOf(capped)).toBeLessThanOrEqual(9);
    expect(kwOf(capped)).toBeGreaterThan(0);
    const limitLine = (await page.locator('[data-site-id="site-a"] polyline.limit').getAttribute("points")) ?? "";
    expect(limitLine.split(" ").length).toBe(4); // flat at the grid limit, a step down at the cap, flat to now

    // The station reports a fault.
    cp201.station.fault(1);
    await stations.run(2_000, 1_000);
    await row("CP-201").locator('.status[data-status="Faulted"]').waitFor();

    // It goes away: Offline.
    await cp201.client.close();
    await stations.run(2_000, 1_000);
    await row("CP-201").locator('.status[data-status="Offline"]').waitFor();
    expect(await row("CP-201").locator('[data-field="power"]').textContent()).toBe("0.0 kW");

    await page.screenshot({ path: `${process.env["TMPDIR"] ?? "/tmp"}/chargekit-dashboard.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("shows a reservation and a queue entry made through the HTTP API, and their changes", async () => {
    const errors: string[] = [];
    const page = await openDashboard(errors);
    const start = clock.now() + 30 * MINUTE;
    const booked = await csms.api("POST", "/api/v1/reservations", csms.keys.driverB, {
      siteId: "site-a",
      stationId: "CP-16",
      evseId: 2,
      connectorType: "cType2",
      start: new Date(start).toISOString(),
      end: new Date(start + 60 * MINUTE).toISOString(),
      idToken: "TAG-B",
    });
    expect(booked.status).toBe(201);
    const id = booked.body.id as number;
    const bar = page.locator(`rect[data-reservation-id="${id}"]`);
    await bar.waitFor();
    expect(await bar.getAttribute("data-status")).toBe("confirmed");
    expect(await bar.locator("title").textContent()).toMatch(new RegExp(`^#${id} dr…-b, EVSE 2: .* \\(confirmed\\)$`));

    const cancelled = await csms.api("POST", `/api/v1/reservations/${id}/cancel`, csms.keys.driverB);
    expect(cancelled.status).toBe(200);
    await page.locator(`rect[data-reservation-id="${id}"][data-status="cancelled"]`).waitFor();

    const joined = await csms.api("POST", "/api/v1/sites/site-a/queue", csms.keys.driverA, {
      connectorType: "cType2",
    });
    expect(joined.status).toBe(201);
    const entries = page.locator('.queue[data-site-id="site-a"] li');
    await expect.poll(() => entries.allTextContents(), SOON).toEqual([expect.stringMatching(/^dr…-a \(waiting 0 min/)]);
    const left = await csms.api("DELETE", "/api/v1/sites/site-a/queue/driver-a", csms.keys.driverA);
    expect(left.status).toBe(200);
    await expect.poll(() => page.locator("#queues").textContent(), SOON).toBe("Nobody is waiting.");

    // The snapshot matches its documented schema, with the ended reservation still on the timeline.
    const snapshot = await csms.api("GET", "/api/v1/dashboard/snapshot", csms.keys.operator);
    const doc = (await csms.api("GET", "/openapi.json", csms.keys.operator)).body;
    const schema = documentSchemas(doc)(
      `/paths/${pointerSegment("/api/v1/dashboard/snapshot")}/get/responses/200/content/${pointerSegment("application/json")}/schema`,
    );
    expect(schema(snapshot.body), JSON.stringify(schema.errors)).toBe(true);
    expect(snapshot.body.reservations).toContainEqual(
      expect.objectContaining({ id, stationId: "CP-16", evseId: 2, status: "cancelled", label: "dr…-b" }),
    );

    // A reload shows the same from the snapshot.
    await page.reload();
    await page.locator(`rect[data-reservation-id="${id}"][data-status="cancelled"]`).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("asks for a key, and refuses keys that are not operator keys", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${csms.http}/`);
    await page.locator("#login").waitFor();
    await page.fill("#api-key", csms.keys.driverA);
    await page.click("#login button");
    await expect.poll(() => page.locator("#login-error").textContent(), SOON).toBe("this key is not an operator key");
    await page.fill("#api-key", "ck_ops.wrong");
    await page.click("#login button");
    await expect.poll(() => page.locator("#login-error").textContent(), SOON).toBe("the API key was refused");
    await page.fill("#api-key", csms.keys.operator);
    await page.click("#login button");
    await page.locator('tr[data-station-id="CP-OFF"]').waitFor();
    expect(await page.locator("#login").isHidden()).toBe(true);
    await page.close();
  });
});

describe("the page in isolation, on the in-memory source", () => {
  const keys = testKeys();
  const fakeClock = createManualClock(Date.parse("2026-03-02T09:00:00Z"));
  let server: CsmsServer;
  let source: MemoryDashboardSource;
  beforeAll(async () => {
    const config = testConfig(keys.entries);
    source = createMemoryDashboardSource(fakeClock);
    seedFromConfig(source, config, fakeClock);
    server = createServer(config, { clock: fakeClock, logger: silentLogger, dashboard: source });
    await server.start();
  });
  afterAll(() => server?.stop("test over"));

  it("marks a site over its limit, draws a changed limit as a step, and shows queue estimates", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const { http } = await server.start();
    await page.goto(`${http}/#key=${keys.operator}`);
    const site = page.locator('[data-site-id="site-a"]');
    await expect.poll(() => site.locator('[data-field="reading"]').textContent(), SOON).toBe("0.0 kW of 40.0 kW (0%)");
    expect(await page.locator('tr[data-station-id="CP-1"] [data-field="status"]').textContent()).toBe("Offline");

    fakeClock.advance(MINUTE);
    source.recordSitePower("site-a", 30_000);
    fakeClock.advance(MINUTE);
    source.recordSitePower("site-a", 33_000, 30_000); // a cap lowered the limit under what the site draws
    await expect
      .poll(() => site.locator('[data-field="reading"]').textContent(), SOON)
      .toBe("33.0 kW of 30.0 kW (110%)");
    expect(await site.getAttribute("class")).toContain("over");
    expect((await site.locator("polyline.limit").getAttribute("points"))?.split(" ")).toHaveLength(4);

    source.setQueue({
      siteId: SiteId.of("site-a"),
      entries: [
        { position: 2, label: "dr…b2", joinedAt: fakeClock.now() },
        { position: 1, label: "dr…a1", joinedAt: fakeClock.now() - 5 * MINUTE, etaMinutes: 12.4 },
      ],
    });
    await expect
      .poll(() => page.locator('.queue[data-site-id="site-a"] li').allTextContents(), SOON)
      .toEqual(["dr…a1 (waiting 5 min, ready in ~12 min)", "dr…b2 (waiting 0 min)"]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
