// Loaders for the real charging-session datasets in bench/data (see bench/data/README.md for their origin and
// licences). Each loader returns sessions sorted by plug-in time, with what was known at plug-in.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** One real session, normalised. */
export interface ReplaySession {
  /** Dataset row id. */
  readonly id: string;
  /** Where (workplace location, "caltech", Boulder address). */
  readonly site: string;
  /** The charging station (a station may have several ports). */
  readonly station: string;
  /** The driver, when the dataset has one. */
  readonly driver?: string;
  /** Plug-in instant (epoch ms). */
  readonly start: number;
  /** Plug-out instant (epoch ms). */
  readonly end: number;
  /** Departure the driver stated in the app at plug-in (ACN claimed sessions only). */
  readonly declaredEnd?: number;
}

/** A dataset ready for replay. */
export interface Dataset {
  /** Name for reports. */
  readonly name: string;
  /** IANA zone of the hour-of-day features (naive local timestamps are read as UTC and use "UTC"). */
  readonly timeZone: string;
  /** Sessions by plug-in time. */
  readonly sessions: readonly ReplaySession[];
  /** Rows dropped as unusable (end not after start), for honesty in reports. */
  readonly dropped: number;
}

const data = (path: string) => new URL(`../data/${path}`, import.meta.url);
const text = (path: string) => readFileSync(data(path), "utf8");
const gz = (path: string) => gunzipSync(readFileSync(data(path))).toString("utf8");

function rows(csv: string): { header: string[]; rows: string[][] } {
  const lines = csv.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? "").split(",");
  return { header, rows: lines.slice(1).map((l) => l.split(",")) };
}

function finish(name: string, timeZone: string, sessions: ReplaySession[], dropped: number): Dataset {
  const ok = sessions.filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start);
  ok.sort((a, b) => a.start - b.start || a.end - b.end);
  return { name, timeZone, sessions: ok, dropped: dropped + sessions.length - ok.length };
}

/** Workplace charging program (Harvard Dataverse, CC0): 3,395 sessions, naive local timestamps with year 00yy. */
export function loadWorkplace(): Dataset {
  const { header, rows: body } = rows(text("workplace-dataverse/station_data_dataverse.csv"));
  const col = (name: string) => header.indexOf(name);
  const [iId, iCreated, iEnded, iUser, iStation, iLocation] = [
    "sessionId",
    "created",
    "ended",
    "userId",
    "stationId",
    "locationId",
  ].map(col) as number[];
  const naive = (s: string) => Date.parse(`${s.replace(/^00(\d\d)/, "20$1").replace(" ", "T")}Z`);
  const sessions = body.map((r) => ({
    id: r[iId as number] as string,
    site: `loc-${r[iLocation as number]}`,
    station: `st-${r[iStation as number]}`,
    driver: `u-${r[iUser as number]}`,
    start: naive(r[iCreated as number] as string),
    end: naive(r[iEnded as number] as string),
  }));
  return finish("workplace", "UTC", sessions, 0);
}

/** ACN-Data Caltech (CC BY 4.0): file 1 = May–Aug 2019, file 2 = Sep–Dec 2019. No driver ids in this export. */
export function loadCaltech(part: 1 | 2): Dataset {
  const file = part === 1 ? "acn-caltech/2019-05-01_2019-08-31.csv.gz" : "acn-caltech/2019-09-01_2019-12-31.csv.gz";
  const { header, rows: body } = rows(gz(file));
  const col = (name: string) => header.indexOf(name);
  const [iArr, iDep, iStation, iId, iEst, iClaimed] = [
    "arrival",
    "departure",
    "station_id",
    "session_id",
    "estimated_departure",
    "claimed",
  ].map(col) as number[];
  const instant = (s: string) => Date.parse(s.replace(" ", "T"));
  const sessions = body.map((r) => {
    // unclaimed sessions carry the real departure as "estimated_departure" (leakage): only claimed ones are stated
    const claimed = r[iClaimed as number] === "True";
    const declared = instant(r[iEst as number] as string);
    return {
      id: r[iId as number] as string,
      site: "caltech",
      station: r[iStation as number] as string,
      start: instant(r[iArr as number] as string),
      end: instant(r[iDep as number] as string),
      ...(claimed && Number.isFinite(declared) ? { declaredEnd: declared } : {}),
    };
  });
  return finish(`caltech-${part}`, "America/Los_Angeles", sessions, 0);
}

/** City of Boulder (CC0), the held-out set: naive local times with an MDT/MST column, minute resolution. */
export function loadBoulder(): Dataset {
  const { header, rows: body } = rows(gz("boulder/boulder_2022-09_2023-08.csv.gz"));
  const col = (name: string) => header.indexOf(name);
  const [iName, iAddr, iStart, iTz, iTotal, iId] = [
    "Station_Name",
    "Address",
    "Start_Date___Time",
    "Start_Time_Zone",
    "Total_Duration__hh_mm_ss_",
    "ObjectID",
  ].map(col) as number[];
  const local = (s: string, tz: string) => {
    const [date = "", time = ""] = s.split(" ");
    const [m, d, y] = date.split("/").map(Number) as [number, number, number];
    const [hh, mm] = time.split(":").map(Number) as [number, number];
    const offset = tz === "MDT" ? 6 : 7;
    return Date.UTC(y, m - 1, d, hh + offset, mm);
  };
  const hms = (s: string) => {
    const [h, m, sec] = s.split(":").map(Number) as [number, number, number];
    return ((h * 60 + m) * 60 + sec) * 1000;
  };
  const sessions = body.map((r) => {
    const start = local(r[iStart as number] as string, r[iTz as number] as string);
    return {
      id: r[iId as number] as string,
      site: (r[iAddr as number] as string).trim(),
      station: (r[iName as number] as string).trim(),
      start,
      end: start + hms(r[iTotal as number] as string),
    };
  });
  return finish("boulder (held out)", "America/Denver", sessions, 0);
}

/** Ports per station: the most sessions a station ever had at once (half-open: touching sessions do not count). */
export function portsPerStation(sessions: readonly ReplaySession[]): Map<string, number> {
  const events = new Map<string, [number, number][]>();
  for (const s of sessions) {
    const list = events.get(s.station) ?? [];
    list.push([s.start, 1], [s.end, -1]);
    events.set(s.station, list);
  }
  const ports = new Map<string, number>();
  for (const [station, list] of events) {
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let depth = 0;
    let max = 0;
    for (const [, d] of list) {
      depth += d;
      max = Math.max(max, depth);
    }
    ports.set(station, max);
  }
  return ports;
}
