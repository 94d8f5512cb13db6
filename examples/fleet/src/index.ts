/**
 * The command line of chargekit's station simulator: a fleet of simulated OCPP 1.6 / 2.0.1 / 2.1 stations with
 * drivers, against any CSMS over WebSockets or against an in-process one. Private: an example to run and to read.
 *
 * @module
 */
export { type ArgsError, type FleetArgs, parseFleetArgs, USAGE } from "./args.js";
export { type FleetRun, type FleetRunDeps, type LocalCsms, startFleetRun } from "./run.js";
export { scaledClock } from "./scaled-clock.js";
