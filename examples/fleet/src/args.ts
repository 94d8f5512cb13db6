import { parseArgs } from "node:util";
import { err, ok, type Result } from "@chargekit/core";
import { isOcppVersion, type OcppVersion } from "@chargekit/ocpp";

/**
 * What the fleet command was asked to do.
 *
 * @category Fleet CLI
 */
export interface FleetArgs {
  /** The CSMS to connect to (`ws://host:port/path`); an in-process CSMS is started when omitted. */
  readonly url: string | undefined;
  /** Port of the in-process CSMS; 0 picks a free one. */
  readonly port: number;
  /** Number of stations. */
  readonly stations: number;
  /** EVSEs per station. */
  readonly evses: number;
  /** Versions, assigned to stations in turn. */
  readonly versions: readonly OcppVersion[];
  /** Random drivers, or none. */
  readonly drivers: "random" | "none";
  /** Mean minutes between driver arrivals at one EVSE. */
  readonly arrivalMinutes: number;
  /** Mean stay in minutes. */
  readonly stayMinutes: number;
  /** Simulated time runs this many times faster than real time. */
  readonly speed: number;
  /** Stop after this many simulated minutes; run until interrupted when omitted. */
  readonly durationMinutes: number | undefined;
  /** MeterValueSampleInterval / TxUpdatedInterval in seconds. */
  readonly sampleSeconds: number;
  /** HTTP Basic password of every station (Security Profile 1). */
  readonly password: string | undefined;
  /** Identity prefix. */
  readonly prefix: string;
  /** Seed of the random choices. */
  readonly seed: number;
  /** Seconds of real time between two progress lines. */
  readonly reportSeconds: number;
}

/**
 * The usage text.
 *
 * @category Fleet CLI
 */
export const USAGE = `chargekit-fleet: a fleet of simulated OCPP stations with drivers

  --url ws://host:port/ocpp   CSMS to connect to (default: start one in this process)
  --port 9000                 port of the in-process CSMS (default: a free one)
  --stations 20               number of stations
  --evses 2                   EVSEs per station
  --versions ocpp1.6,ocpp2.0.1,ocpp2.1   versions, assigned in turn
  --drivers random|none       random driver arrivals (default) or none
  --arrival-minutes 30        mean minutes between arrivals at one EVSE
  --stay-minutes 90           mean stay in minutes
  --speed 60                  simulated time runs this many times faster (default 1)
  --duration-minutes 120      stop after this many simulated minutes (default: until Ctrl-C)
  --sample-seconds 60         meter value interval
  --password secret           HTTP Basic password of every station
  --prefix SIM-               identity prefix
  --seed 1                    seed of the random choices
  --report-seconds 5          seconds between progress lines
`;

/**
 * A command-line error: names the option and what was wrong.
 *
 * @category Fleet CLI
 */
export interface ArgsError {
  /** The option. */
  readonly option: string;
  /** What was wrong. */
  readonly message: string;
}

function positive(
  option: string,
  text: string | undefined,
  fallback: number,
  integer = true,
): Result<number, ArgsError> {
  if (text === undefined) return ok(fallback);
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    return err({
      option,
      message: `--${option} must be a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(text)}`,
    });
  }
  return ok(value);
}

/**
 * Reads the command line (without `node` and the script).
 *
 * @example
 * ```ts
 * const parsed = parseFleetArgs(["--stations", "5", "--versions", "ocpp1.6"]);
 * if (parsed.ok) console.log(parsed.value.stations); // 5
 * ```
 * @category Fleet CLI
 */
export function parseFleetArgs(argv: readonly string[]): Result<FleetArgs, ArgsError> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: Object.fromEntries(
        [
          "url",
          "port",
          "stations",
          "evses",
          "versions",
          "drivers",
          "arrival-minutes",
          "stay-minutes",
          "speed",
          "duration-minutes",
          "sample-seconds",
          "password",
          "prefix",
          "seed",
          "report-seconds",
        ].map((name) => [name, { type: "string" as const }]),
      ),
    }).values as Record<string, string | undefined>;
  } catch (error) {
    return err({ option: "(arguments)", message: error instanceof Error ? error.message : String(error) });
  }
  const url = values["url"];
  if (url !== undefined && !/^wss?:\/\//.test(url))
    return err({ option: "url", message: `--url must start with ws:// or wss://, got ${JSON.stringify(url)}` });
  const versions = (values["versions"] ?? "ocpp2.0.1").split(",").map((v) => v.trim());
  const unknown = versions.find((v) => !isOcppVersion(v));
  if (unknown !== undefined) {
    return err({
      option: "versions",
      message: `--versions: unknown version ${JSON.stringify(unknown)} (ocpp1.6, ocpp2.0.1, ocpp2.1)`,
    });
  }
  const drivers = values["drivers"] ?? "random";
  if (drivers !== "random" && drivers !== "none")
    return err({ option: "drivers", message: `--drivers must be random or none, got ${JSON.stringify(drivers)}` });
  const port = values["port"] === undefined ? ok(0) : positive("port", values["port"], 0);
  const numbers = {
    stations: positive("stations", values["stations"], 20),
    evses: positive("evses", values["evses"], 2),
    arrivalMinutes: positive("arrival-minutes", values["arrival-minutes"], 30, false),
    stayMinutes: positive("stay-minutes", values["stay-minutes"], 90, false),
    speed: positive("speed", values["speed"], 1, false),
    sampleSeconds: positive("sample-seconds", values["sample-seconds"], 60),
    seed: positive("seed", values["seed"], 1),
    reportSeconds: positive("report-seconds", values["report-seconds"], 5, false),
  };
  for (const r of [port, ...Object.values(numbers)]) if (!r.ok) return r;
  const get = (r: Result<number, ArgsError>) => (r.ok ? r.value : 0);
  const duration =
    values["duration-minutes"] === undefined
      ? undefined
      : positive("duration-minutes", values["duration-minutes"], 0, false);
  if (duration !== undefined && !duration.ok) return duration;
  return ok({
    url,
    port: get(port),
    stations: get(numbers.stations),
    evses: get(numbers.evses),
    versions: versions as OcppVersion[],
    drivers,
    arrivalMinutes: get(numbers.arrivalMinutes),
    stayMinutes: get(numbers.stayMinutes),
    speed: get(numbers.speed),
    durationMinutes: duration === undefined ? undefined : get(duration),
    sampleSeconds: get(numbers.sampleSeconds),
    password: values["password"],
    prefix: values["prefix"] ?? "SIM-",
    seed: get(numbers.seed),
    reportSeconds: get(numbers.reportSeconds),
  });
}
