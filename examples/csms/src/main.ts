// The entry point `npm run serve` runs (node dist/main.js): start the CSMS (with the demo fleet when the
// configuration enables it) and exit when it stops.
import { demoModule } from "./demo/demo-module.js";
import { main } from "./server/main.js";
import { csmsModules } from "./wiring/modules.js";
import { createServices } from "./wiring/services.js";

const services = createServices();
const outcome = await main({ modules: csmsModules(services), demo: () => demoModule(services) });
const code = typeof outcome === "number" ? outcome : await outcome.exited;
process.exit(code);
