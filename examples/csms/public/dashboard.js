// @ts-check
// The operator dashboard: loads a snapshot, then applies live changes from the event stream.
import { renderQueues, renderSites, renderStations, renderTimeline } from "./render.js";
import { followStream } from "./stream.js";

/**
 * @typedef {import("./render.js").Station} Station
 * @typedef {import("./render.js").Site} Site
 * @typedef {import("./render.js").Queue} Queue
 * @typedef {import("./render.js").Reservation} Reservation
 * @typedef {{ at: number, stations: Station[], sites: Site[], queues: Queue[], reservations: Reservation[] }} Snapshot
 */

const KEY_STORAGE = "chargekit.apiKey";
const HISTORY_LENGTH = 360;

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
function byId(id) {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`missing #${id}`);
  return /** @type {T} */ (element);
}

const state = {
  /** @type {Map<string, Station>} */ stations: new Map(),
  /** @type {Map<string, Site>} */ sites: new Map(),
  /** @type {Map<string, Queue>} */ queues: new Map(),
  /** @type {Map<number, Reservation>} */ reservations: new Map(),
  /** Server time minus local time, so "now" follows the server's clock. */
  offset: 0,
};

const now = () => Date.now() + state.offset;

/**
 * @param {"idle" | "live" | "reconnecting" | "error"} value
 * @param {string} [detail]
 */
function setConnection(value, detail) {
  const connection = byId("connection");
  connection.dataset["state"] = value;
  const words = { idle: "not connected", live: "live", reconnecting: "reconnecting…", error: "disconnected" };
  connection.textContent = detail === undefined ? words[value] : `${words[value]} (${detail})`;
}

function render() {
  const tbody = /** @type {HTMLTableElement} */ (byId("stations")).tBodies[0];
  if (tbody !== undefined) renderStations(tbody, [...state.stations.values()], state.sites);
  byId("stations-empty").hidden = state.stations.size > 0;
  renderSites(byId("sites"), [...state.sites.values()], now());
  renderQueues(byId("queues"), [...state.queues.values()], state.sites, now());
  renderTimeline(byId("timeline"), [...state.reservations.values()], now());
}

/**
 * @param {string} key
 * @param {string} path
 */
async function getJson(key, path) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${key}` }, cache: "no-store" });
  const body = await res.json();
  return { status: res.status, body };
}

/**
 * Live changes are stamped with the server's clock as they happen: "now" on this page follows that clock.
 * @param {number} at
 */
function followServerTime(at) {
  state.offset = at - Date.now();
}

/** Events that arrive while a snapshot loads; they are applied again on top of it, in order. */
/** @type {{ event: string, data: unknown }[] | undefined} */
let buffered;

/**
 * Loads the snapshot. Changes streamed meanwhile are kept and re-applied on top of it, in order: each change
 * carries the whole new state of its row, so the result is the latest state whichever came first.
 * @param {string} key
 */
async function loadSnapshot(key) {
  buffered = [];
  try {
    const { status, body } = await getJson(key, "/api/v1/dashboard/snapshot");
    if (status !== 200) throw new Error(body?.error?.message ?? `HTTP ${status}`);
    const snapshot = /** @type {Snapshot} */ (body);
    state.offset = snapshot.at - Date.now();
    state.stations = new Map(snapshot.stations.map((s) => [s.id, s]));
    state.sites = new Map(snapshot.sites.map((s) => [s.id, s]));
    state.queues = new Map(snapshot.queues.map((q) => [q.siteId, q]));
    state.reservations = new Map(snapshot.reservations.map((r) => [r.id, r]));
  } finally {
    const pending = buffered;
    buffered = undefined;
    for (const message of pending) apply(key, message);
  }
  render();
}

/**
 * Applies one live change.
 * @param {string} key
 * @param {{ event: string, data: unknown }} message
 */
function apply(key, message) {
  if (buffered !== undefined) {
    // A snapshot is loading already: a reset needs nothing more; other changes are applied on top of it.
    if (message.event !== "stream:reset") buffered.push(message);
    return;
  }
  const { event, data } = message;
  if (event === "station:updated") {
    const { station } = /** @type {{ station: Station }} */ (data);
    state.stations.set(station.id, station);
    followServerTime(station.updatedAt);
  } else if (event === "queue:updated") {
    const { queue } = /** @type {{ queue: Queue }} */ (data);
    state.queues.set(queue.siteId, queue);
  } else if (event === "reservation:updated") {
    const { reservation } = /** @type {{ reservation: Reservation }} */ (data);
    state.reservations.set(reservation.id, reservation);
  } else if (event === "site:power") {
    const { siteId, sample } = /** @type {{ siteId: string, sample: import("./render.js").Sample }} */ (data);
    followServerTime(sample.at);
    const site = state.sites.get(siteId);
    const last = site?.history[site.history.length - 1];
    if (site !== undefined && (last === undefined || sample.at > last.at)) {
      site.powerW = sample.powerW;
      site.limitW = sample.limitW;
      site.history = [...site.history, sample].slice(-HISTORY_LENGTH);
    }
  } else if (event === "stream:reset") {
    void loadSnapshot(key);
    return;
  } else if (event === "stream:closing") {
    setConnection("reconnecting", "server restarting");
    return;
  } else return;
  render();
}

/** @param {string} key */
async function open(key) {
  const who = await getJson(key, "/api/v1/whoami");
  if (who.status !== 200 || who.body.role !== "operator") {
    sessionStorage.removeItem(KEY_STORAGE);
    showLogin(who.status === 200 ? "this key is not an operator key" : "the API key was refused");
    return;
  }
  byId("login").hidden = true;
  byId("app").hidden = false;
  // Stream first, snapshot once it is live (and after every reconnect): no change falls between the two.
  followStream({
    url: "/api/v1/events?topics=dashboard",
    key,
    onEvent: (message) => apply(key, message),
    onState: (value, detail) => {
      setConnection(value, detail);
      if (value === "live") void loadSnapshot(key).catch((error) => setConnection("error", String(error)));
    },
  });
  setInterval(render, 15_000);
}

/** @param {string} [error] */
function showLogin(error) {
  byId("app").hidden = true;
  const form = /** @type {HTMLFormElement} */ (byId("login"));
  form.hidden = false;
  byId("login-error").textContent = error ?? "";
  form.onsubmit = (event) => {
    event.preventDefault();
    const key = /** @type {HTMLInputElement} */ (byId("api-key")).value.trim();
    if (key === "") return;
    sessionStorage.setItem(KEY_STORAGE, key);
    void open(key);
  };
}

function start() {
  // A key in the URL fragment (never sent to the server) is moved to session storage and removed from the address bar.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
  if (fromHash !== null && fromHash !== "") {
    sessionStorage.setItem(KEY_STORAGE, fromHash);
    history.replaceState(null, "", location.pathname + location.search);
  }
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key === null) showLogin();
  else void open(key).catch((error) => showLogin(String(error)));
}

start();
