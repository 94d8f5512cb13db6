// @ts-check
// Rendering of the dashboard state into the page. Data goes in through textContent and attributes only, never HTML.
import { kw, powerChart, svg } from "./chart.js";

/**
 * @typedef {{ evseId: number, status: string, powerW: number }} Evse
 * @typedef {{ id: string, name: string, siteId: string, status: string, powerW: number, evses: Evse[], updatedAt: number }} Station
 * @typedef {{ at: number, powerW: number, limitW: number }} Sample
 * @typedef {{ id: string, name: string, limitW: number, powerW: number, history: Sample[] }} Site
 * @typedef {{ position: number, label: string, joinedAt: number, etaMinutes?: number }} QueueEntry
 * @typedef {{ siteId: string, entries: QueueEntry[] }} Queue
 * @typedef {{ id: number, stationId: string, evseId: number, siteId: string, start: number, end: number, status: string, label: string }} Reservation
 */

const CHART_WINDOW_MS = 30 * 60_000;
const TIMELINE_BEFORE_MS = 60 * 60_000;
const TIMELINE_AFTER_MS = 3 * 60 * 60_000;

/**
 * Creates an element with a class and text.
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 */
function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className !== undefined) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * @param {number} at
 */
function clockTime(at) {
  return new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/**
 * Updates the stations table in place: one row per station (keyed by `data-station-id`), sorted by site then id.
 * A row whose status changed flashes.
 * @param {HTMLTableSectionElement} tbody
 * @param {Station[]} stations
 * @param {Map<string, Site>} sites
 */
export function renderStations(tbody, stations, sites) {
  const sorted = [...stations].sort((a, b) => a.siteId.localeCompare(b.siteId) || a.id.localeCompare(b.id));
  const existing = new Map([...tbody.rows].map((row) => [row.dataset["stationId"] ?? "", row]));
  for (const station of sorted) {
    let row = existing.get(station.id);
    existing.delete(station.id);
    if (row === undefined) {
      row = document.createElement("tr");
      row.dataset["stationId"] = station.id;
      for (const field of ["name", "site", "status", "power", "evses", "updated"]) {
        const cell = el("td", field === "power" ? "num" : undefined);
        cell.dataset["field"] = field;
        row.append(cell);
      }
    }
    const cells = /** @type {Record<string, HTMLTableCellElement>} */ (
      Object.fromEntries([...row.cells].map((cell) => [cell.dataset["field"] ?? "", cell]))
    );
    const previous = row.dataset["status"];
    row.dataset["status"] = station.status;
    setText(cells["name"], station.name === station.id ? station.id : `${station.name} (${station.id})`);
    setText(cells["site"], sites.get(station.siteId)?.name ?? station.siteId);
    const badge = cells["status"]?.firstElementChild ?? el("span", "status");
    if (badge.parentElement === null) cells["status"]?.append(badge);
    badge.setAttribute("data-status", station.status);
    badge.textContent = station.status;
    setText(cells["power"], kw(station.powerW));
    setText(cells["evses"], station.evses.map((e) => `${e.evseId}: ${e.status}`).join(", "));
    setText(cells["updated"], clockTime(station.updatedAt));
    if (previous !== undefined && previous !== station.status) {
      row.classList.remove("changed");
      void row.offsetWidth;
      row.classList.add("changed");
    }
    tbody.append(row);
  }
  for (const stale of existing.values()) stale.remove();
}

/**
 * @param {Element | undefined} element
 * @param {string} text
 */
function setText(element, text) {
  if (element !== undefined && element.textContent !== text) element.textContent = text;
}

/**
 * One card per site: power now against the limit, and the last 30 minutes as a chart.
 * @param {HTMLElement} container
 * @param {Site[]} sites
 * @param {number} now
 */
export function renderSites(container, sites, now) {
  container.replaceChildren(
    ...sites.map((site) => {
      const card = el("article", site.powerW > site.limitW ? "site over" : "site");
      card.dataset["siteId"] = site.id;
      card.append(el("h3", undefined, site.name));
      const share = site.limitW > 0 ? Math.round((site.powerW / site.limitW) * 100) : 0;
      const reading = el("p", "reading", `${kw(site.powerW)} of ${kw(site.limitW)} (${share}%)`);
      reading.dataset["field"] = "reading";
      card.append(reading);
      const chart = powerChart(site.history, site.limitW, now, CHART_WINDOW_MS);
      chart.setAttribute(
        "aria-label",
        `${site.name}: power over the last 30 minutes against a limit of ${kw(site.limitW)}`,
      );
      card.append(chart);
      return card;
    }),
  );
}

/**
 * One list per site with a queue.
 * @param {HTMLElement} container
 * @param {Queue[]} queues
 * @param {Map<string, Site>} sites
 * @param {number} now
 */
export function renderQueues(container, queues, sites, now) {
  const waiting = queues.filter((q) => q.entries.length > 0);
  if (waiting.length === 0) {
    container.replaceChildren(el("p", "empty", "Nobody is waiting."));
    return;
  }
  container.replaceChildren(
    ...waiting.map((queue) => {
      const box = el("article", "queue");
      box.dataset["siteId"] = queue.siteId;
      box.append(
        el("h3", undefined, `${sites.get(queue.siteId)?.name ?? queue.siteId} — ${queue.entries.length} waiting`),
      );
      const list = el("ol");
      for (const entry of [...queue.entries].sort((a, b) => a.position - b.position)) {
        const waited = Math.max(0, Math.round((now - entry.joinedAt) / 60_000));
        const eta = entry.etaMinutes === undefined ? "" : `, ready in ~${Math.round(entry.etaMinutes)} min`;
        list.append(el("li", undefined, `${entry.label} (waiting ${waited} min${eta})`));
      }
      box.append(list);
      return box;
    }),
  );
}

/**
 * Reservations as bars on one lane per station, from an hour ago to three hours ahead, with a "now" line.
 * @param {HTMLElement} container
 * @param {Reservation[]} reservations
 * @param {number} now
 */
export function renderTimeline(container, reservations, now) {
  const from = now - TIMELINE_BEFORE_MS;
  const to = now + TIMELINE_AFTER_MS;
  const shown = reservations.filter((r) => r.end > from && r.start < to);
  if (shown.length === 0) {
    container.replaceChildren(el("p", "empty", "No reservations in the next three hours."));
    return;
  }
  const lanes = [...new Set(shown.map((r) => r.stationId))].sort();
  const labelWidth = 90;
  const width = 900;
  const lane = 22;
  const height = lanes.length * lane + 20;
  const x = (/** @type {number} */ t) => labelWidth + ((t - from) / (to - from)) * (width - labelWidth);
  const chart = svg("svg", { class: "lanes", viewBox: `0 0 ${width} ${height}`, role: "img" });
  chart.setAttribute("aria-label", `${shown.length} reservations on ${lanes.length} stations`);
  for (let t = Math.ceil(from / 3_600_000) * 3_600_000; t <= to; t += 3_600_000) {
    chart.append(svg("line", { class: "tick", x1: x(t), x2: x(t), y1: 0, y2: height - 14 }));
    const label = svg("text", { x: x(t) + 2, y: height - 3 });
    label.textContent = new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    chart.append(label);
  }
  lanes.forEach((stationId, i) => {
    const name = svg("text", { x: 0, y: i * lane + 15 });
    name.textContent = stationId;
    chart.append(name);
  });
  for (const r of shown) {
    const i = lanes.indexOf(r.stationId);
    const start = x(Math.max(r.start, from));
    const bar = svg("rect", {
      x: start,
      y: i * lane + 3,
      width: Math.max(2, x(Math.min(r.end, to)) - start),
      height: lane - 6,
      rx: 3,
      "data-status": r.status,
      "data-reservation-id": r.id,
    });
    const title = svg("title");
    title.textContent = `#${r.id} ${r.label}, EVSE ${r.evseId}: ${clockTime(r.start)}–${clockTime(r.end)} (${r.status})`;
    bar.append(title);
    chart.append(bar);
  }
  chart.append(svg("line", { class: "now", x1: x(now), x2: x(now), y1: 0, y2: height - 14 }));
  container.replaceChildren(chart);
}
