import type { CsmsModule } from "../server/module.js";
import { authorizationModule } from "./authorization.js";
import { dashboardModule } from "./dashboard.js";
import { demandResponseModule } from "./demand-response.js";
import { loadManagementModule } from "./load-management.js";
import { ocppListenerModule, ocppModule } from "./ocpp.js";
import { type PaymentsModuleOptions, paymentsModule } from "./payments.js";
import { queueModule } from "./queue.js";
import { reportsModule } from "./reports.js";
import { reservationsModule } from "./reservations.js";
import { type CsmsServices, createServices, servicesModule } from "./services.js";
import { stationsModule } from "./stations.js";
import { storageModule } from "./storage.js";

/** Options of {@link csmsModules}. */
export interface CsmsModulesOptions {
  /** Options of the payments module (the payment provider). */
  readonly payments?: PaymentsModuleOptions;
}

/**
 * The assembled server, in start order (stopped in reverse): the services binding, storage (closed last), the
 * OCPP endpoint without its port, then the domain modules, then the OCPP listener last, so every module follows the
 * bus before a station can connect and the stations are disconnected before any module stops. Add a module before
 * the listener; the demo fleet goes after it (it needs the port).
 *
 * @example
 * ```ts no-run
 * const services = createServices();
 * const server = createServer(config, { modules: csmsModules(services) });
 * ```
 */
export function csmsModules(services: CsmsServices = createServices(), options: CsmsModulesOptions = {}): CsmsModule[] {
  return [
    servicesModule(services),
    storageModule(services),
    ocppModule(services),
    authorizationModule(services),
    stationsModule(services),
    paymentsModule(services, options.payments),
    reportsModule(services),
    reservationsModule(services),
    queueModule(services),
    demandResponseModule(services),
    loadManagementModule(services),
    dashboardModule(services),
    ocppListenerModule(services),
  ];
}
