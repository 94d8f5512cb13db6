/** The three OCPP-J versions the code generator reads, with where their schema files live. */
export interface VersionSource {
  /** The WebSocket subprotocol name, e.g. `ocpp2.0.1`. */
  readonly version: "ocpp1.6" | "ocpp2.0.1" | "ocpp2.1";
  /** Human label used in generated docs. */
  readonly label: string;
  /** Folder under `schemas/`. */
  readonly folder: string;
  /** Folder under `src/generated/` and the namespace name of the generated module. */
  readonly out: string;
  /** Namespace the version's types are exported under. */
  readonly namespace: string;
}

export const VERSIONS: readonly VersionSource[] = [
  { version: "ocpp1.6", label: "OCPP 1.6", folder: "ocpp16", out: "v16", namespace: "Ocpp16" },
  { version: "ocpp2.0.1", label: "OCPP 2.0.1", folder: "ocpp20", out: "v201", namespace: "Ocpp201" },
  { version: "ocpp2.1", label: "OCPP 2.1", folder: "ocpp21", out: "v21", namespace: "Ocpp21" },
];
