import { SiteId, StationId, silentLogger } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CsmsServer, createServer } from "../server/create-server.js";
import { type Browser, launchChromium } from "../testing/chromium.js";
import { testConfig } from "../testing/config.js";
import { testKeys } from "../testing/keys.js";
import { createMemoryDashboardSource, type MemoryDashboardSource, seedFromConfig } from "./memory-source.js";

const keys = testKeys();
let browser: Browser;
let server: CsmsServer;
let source: MemoryDashboardSource;
let base: string;
const clock = createManualClock(Date.now());

beforeAll(async () => {
  browser = await launchChromium();
  const config = testConfig(keys.entries);
  source = createMemoryDashboardSource(clock);
  seedFromConfig(source, config, clock);
  server = createServer(config, { clock, logger: silentLogger, dashboard: source });
  base = (await server.start()).http;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop("test over");
});

describe("operator dashboard in headless Chromium", () => {
  it("shows the stations, sites, queues and reservations, and follows live changes on screen", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${base}/#key=${keys.operator}`);

    const status = page.locator('tr[data-station-id="CP-1"] [data-field="status"]');
    await expect.poll(() => status.textContent()).toBe("Offline");
    await page.locator('#connection[data-state="live"]').waitFor();
    expect(await page.evaluate("location.hash")).toBe("");
    expect(await page.locator("#stations tbody tr").count()).toBe(2);
    expect(await page.locator('[data-site-id="site-a"] [data-field="reading"]').textContent()).toBe(
      "0.0 kW of 40.0 kW (0%)",
    );

    // The station changes its status: the cell on screen changes without a reload.
    source.setStationStatus("CP-1", "Charging", 7400);
    await page.locator('tr[data-station-id="CP-1"] .status[data-status="Charging"]').waitFor();
    expect(await status.textContent()).toBe("Charging");
    expect(await page.locator('tr[data-station-id="CP-1"] [data-field="power"]').textContent()).toBe("7.4 kW");

    clock.advance(60_000);
    source.recordSitePower("site-a", 12_000);
    clock.advance(60_000);
    source.recordSitePower("site-a", 43_000);
    const reading = page.locator('[data-site-id="site-a"] [data-field="reading"]');
    await expect.poll(() => reading.textContent()).toBe("43.0 kW of 40.0 kW (108%)");
    expect(await page.locator('[data-site-id="site-a"]').getAttribute("class")).toContain("over");
    expect(await page.locator('[data-site-id="site-a"] polyline.power').getAttribute("points")).toMatch(/ /);

    source.setQueue({
      siteId: SiteId.of("site-a"),
      entries: [
        { position: 1, label: "Driver …a1", joinedAt: clock.now() - 5 * 60_000, etaMinutes: 12 },
        { position: 2, label: "Driver …b2", joinedAt: clock.now() },
      ],
    });
    const queue = page.locator('.queue[data-site-id="site-a"] li');
    await expect
      .poll(() => queue.allTextContents())
      .toEqual(["Driver …a1 (waiting 5 min, ready in ~12 min)", "Driver …b2 (waiting 0 min)"]);

    source.putReservation({
      id: 42,
      stationId: StationId.of("CP-2"),
      evseId: 1,
      siteId: SiteId.of("site-a"),
      start: clock.now() + 30 * 60_000,
      end: clock.now() + 90 * 60_000,
      status: "booked",
      label: "Driver …c3",
    });
    const bar = page.locator('rect[data-reservation-id="42"]');
    await bar.waitFor();
    expect(await bar.getAttribute("data-status")).toBe("booked");
    expect(await bar.locator("title").textContent()).toContain("#42 Driver …c3, EVSE 1");

    source.setStationStatus("CP-1", "Faulted");
    await page.locator('tr[data-station-id="CP-1"] .status[data-status="Faulted"]').waitFor();
    await page.screenshot({ path: `${process.env["TMPDIR"] ?? "/tmp"}/chargekit-dashboard.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("asks for a key, and refuses keys that are not operator keys", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/`);
    await page.locator("#login").waitFor();
    await page.fill("#api-key", keys.driverA);
    await page.click("#login button");
    await expect.poll(() => page.locator("#login-error").textContent()).toBe("this key is not an operator key");
    await page.fill("#api-key", "ck_ops.wrong");
    await page.click("#login button");
    await expect.poll(() => page.locator("#login-error").textContent()).toBe("the API key was refused");
    await page.fill("#api-key", keys.operator);
    await page.click("#login button");
    await page.locator('tr[data-station-id="CP-2"]').waitFor();
    expect(await page.locator("#login").isHidden()).toBe(true);
    await page.close();
  });
});
