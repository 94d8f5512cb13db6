import { authorizationCommands } from "./authorization-commands.js";
import { chargingCommands } from "./charging-commands.js";
import { configurationCommands } from "./configuration-commands.js";
import type { CommandHost } from "./context.js";
import { sessionCommands } from "./session-commands.js";
import type { CsmsCommands } from "./types.js";

/** The neutral command API over the registry's live stations. @internal */
export function createCommands(host: CommandHost): CsmsCommands {
  return {
    ...sessionCommands(host),
    ...configurationCommands(host),
    ...authorizationCommands(host),
    ...chargingCommands(host),
  };
}
