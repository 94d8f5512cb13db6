import { registry as v16 } from "../generated/v16/registry.js";
import { registry as v21 } from "../generated/v21/registry.js";
import { registry as v201 } from "../generated/v201/registry.js";
import type { ActionEntry, VersionRegistry } from "./registry-types.js";
import type { OcppVersion } from "./versions.js";

const REGISTRIES: Readonly<Record<OcppVersion, VersionRegistry>> = {
  "ocpp1.6": v16,
  "ocpp2.0.1": v201,
  "ocpp2.1": v21,
};

// Maps: one hash lookup per validation, and no prototype keys ("constructor") ever match an action name.
const V16 = new Map(Object.entries(v16));
const V201 = new Map(Object.entries(v201));
const V21 = new Map(Object.entries(v21));

/** The generated entry of `action` in `version`, or undefined for an action the version does not define. @internal */
export function actionEntry(version: OcppVersion, action: string): ActionEntry | undefined {
  return (version === "ocpp2.0.1" ? V201 : version === "ocpp1.6" ? V16 : V21).get(action);
}

/** Every action of `version`. @internal */
export function actionEntries(version: OcppVersion): readonly ActionEntry[] {
  return Object.values(REGISTRIES[version]);
}
