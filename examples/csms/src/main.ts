// The entry point `npm run serve` runs (node dist/main.js): start the CSMS and exit when it stops.
import { main } from "./server/main.js";
import { csmsModules } from "./wiring/modules.js";

const outcome = await main({ modules: csmsModules() });
const code = typeof outcome === "number" ? outcome : await outcome.exited;
process.exit(code);
