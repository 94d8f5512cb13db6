import type { Clock } from "@chargekit/core";
import { generateApiKey } from "../auth/api-keys.js";
import type { ApiKeyConfig } from "../config/api-keys.js";
import type { Environment } from "../config/env.js";
import { loadConfig } from "../config/load.js";
import { createLogger } from "../logging/logger.js";
import { redactUrl } from "../logging/redaction.js";
import { type CsmsServer, createServer } from "./create-server.js";
import type { CsmsModule } from "./module.js";

/** The process-level parts {@link main} uses; tests replace them. */
export interface MainOptions {
  /** Command-line arguments (default: `process.argv.slice(2)`). */
  readonly argv?: readonly string[];
  /** Environment (default: `process.env`). */
  readonly env?: Environment;
  /** Writes a line for a person (the banner, configuration errors); default: stdout / stderr. */
  readonly print?: (line: string, stream: "out" | "err") => void;
  /** Registers a signal handler (default: `process.once`). */
  readonly onSignal?: (signal: "SIGINT" | "SIGTERM", handler: () => void) => void;
  /** The pieces to assemble (the wiring step passes storage, OCPP, reservations …). */
  readonly modules?: readonly CsmsModule[];
  /**
   * Makes the demo fleet's module, added after `modules` (it connects to the OCPP port) when the configuration has
   * `demo.enabled` (`CHARGEKIT_DEMO=0` turns it off); not called otherwise.
   */
  readonly demo?: () => CsmsModule;
  /** Clock (default: the system clock). */
  readonly clock?: Clock;
}

/** A running server started by {@link main}, and how it ended. */
export interface Running {
  /** The server. */
  readonly server: CsmsServer;
  /** Resolves with the exit code once the server stopped after a signal. */
  readonly exited: Promise<number>;
}

/**
 * Loads the configuration, starts the server, prints where it answers and stops it gracefully on SIGINT/SIGTERM
 * (a second signal exits at once). Resolves with the exit code `2` when the configuration is unusable, `1` when
 * start-up failed (after stopping what had started), else with the running server.
 */
export async function main(options: MainOptions = {}): Promise<Running | number> {
  const print =
    options.print ?? ((line, stream) => (stream === "out" ? process.stdout : process.stderr).write(`${line}\n`));
  const loaded = loadConfig({ argv: options.argv ?? process.argv.slice(2), env: options.env ?? process.env });
  if (!loaded.ok) {
    print(loaded.error.message, "err");
    return 2;
  }
  const { config, file, fromEnvironment } = loaded.value;
  const logger = createLogger({
    level: config.log.level,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const storage =
    config.storage.kind === "postgres" ? { kind: "postgres", url: redactUrl(config.storage.url) } : config.storage;
  logger.info({ file, fromEnvironment, storage, securityProfile: config.ocpp.securityProfile }, "configuration loaded");

  const extraApiKeys: ApiKeyConfig[] = [];
  let temporaryKey: string | undefined;
  if (config.apiKeys.length === 0) {
    // No keys configured (the demo): one operator key for this run only, printed once, never stored.
    const generated = generateApiKey("dashboard");
    temporaryKey = generated.key;
    extraApiKeys.push({ id: "dashboard", role: "operator", hash: generated.hash, tenant: "default" });
    logger.warn({ keyId: "dashboard" }, "no API keys configured: created a temporary operator key for this run");
  }
  const modules = [...(options.modules ?? [])];
  if (config.demo.enabled && options.demo !== undefined && !modules.some((m) => m.name === "demo")) {
    modules.push(options.demo());
  }
  if (config.demo.enabled && !modules.some((m) => m.name === "demo")) {
    logger.info({}, "the demo fleet is enabled but no demo module is assembled in this build");
  } else if (!config.demo.enabled && options.demo !== undefined) {
    logger.info({}, "demo fleet off (demo.enabled is false)");
  }

  const server = createServer(config, {
    logger,
    extraApiKeys,
    ...(options.modules === undefined && modules.length === 0 ? {} : { modules }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  let urls: Awaited<ReturnType<CsmsServer["start"]>>;
  try {
    urls = await server.start();
  } catch (error) {
    logger.fatal({ err: error }, "start-up failed");
    print(`chargekit CSMS could not start: ${(error as Error).message}`, "err");
    await server.stop("start-up failed");
    return 1;
  }
  const dashboardUrl = temporaryKey === undefined ? urls.dashboard : `${urls.dashboard}#key=${temporaryKey}`;
  print("", "out");
  print("chargekit CSMS is running", "out");
  print(`  Dashboard  ${dashboardUrl}`, "out");
  if (temporaryKey !== undefined) print("             (a temporary operator key for this run is in the link)", "out");
  print(`  HTTP API   ${urls.http}/api/v1   OpenAPI: ${urls.openapi}`, "out");
  for (const line of server.banner()) print(`  ${line}`, "out");
  print("  Stop with Ctrl+C", "out");
  print("", "out");

  const exited = new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = options.onSignal ?? ((signal, handler) => void process.once(signal, handler));
    const handler = (signal: "SIGINT" | "SIGTERM") => () => {
      if (stopping) {
        logger.warn({ signal }, "second signal: exiting now");
        resolve(1);
        return;
      }
      stopping = true;
      server.stop(signal).then(
        () => resolve(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          resolve(1);
        },
      );
      onSignal("SIGINT", handler("SIGINT"));
      onSignal("SIGTERM", handler("SIGTERM"));
    };
    onSignal("SIGINT", handler("SIGINT"));
    onSignal("SIGTERM", handler("SIGTERM"));
  });
  return { server, exited };
}
