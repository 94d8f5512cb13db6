/** How an environment variable's text becomes a configuration value. */
export type EnvValueKind = "number" | "boolean" | "text" | "list";

/** One environment variable that overrides a configuration field. */
export interface EnvOverride {
  /** The variable's name. */
  readonly name: string;
  /** The configuration field it sets. */
  readonly path: readonly string[];
  /** How its text is read (numbers and booleans that do not parse are passed on as text, for the schema to name). */
  readonly kind: EnvValueKind;
  /** What it sets, for `docs/csms.md` and `--help`. */
  readonly description: string;
}

/** Every environment variable the server reads besides `CHARGEKIT_CONFIG` and `DATABASE_URL`. */
export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { name: "CHARGEKIT_HTTP_HOST", path: ["http", "host"], kind: "text", description: "HTTP API listen address" },
  { name: "CHARGEKIT_HTTP_PORT", path: ["http", "port"], kind: "number", description: "HTTP API port (0: any free)" },
  {
    name: "CHARGEKIT_CORS_ORIGINS",
    path: ["http", "corsOrigins"],
    kind: "list",
    description: "comma-separated origins",
  },
  { name: "CHARGEKIT_OCPP_HOST", path: ["ocpp", "host"], kind: "text", description: "OCPP WebSocket listen address" },
  { name: "CHARGEKIT_OCPP_PORT", path: ["ocpp", "port"], kind: "number", description: "OCPP WebSocket port" },
  { name: "CHARGEKIT_OCPP_PATH", path: ["ocpp", "path"], kind: "text", description: "OCPP URL path prefix" },
  {
    name: "CHARGEKIT_SECURITY_PROFILE",
    path: ["ocpp", "securityProfile"],
    kind: "number",
    description: "OCPP security profile 0–3",
  },
  { name: "CHARGEKIT_TLS_CERT", path: ["ocpp", "tls", "certFile"], kind: "text", description: "PEM certificate" },
  { name: "CHARGEKIT_TLS_KEY", path: ["ocpp", "tls", "keyFile"], kind: "text", description: "PEM private key" },
  { name: "CHARGEKIT_TLS_CA", path: ["ocpp", "tls", "caFile"], kind: "text", description: "PEM CA bundle (profile 3)" },
  { name: "CHARGEKIT_DATA_DIR", path: ["storage", "dataDir"], kind: "text", description: "embedded store directory" },
  { name: "CHARGEKIT_DEMO", path: ["demo", "enabled"], kind: "boolean", description: "demo fleet on (1) or off (0)" },
  { name: "CHARGEKIT_LOG_LEVEL", path: ["log", "level"], kind: "text", description: "trace … fatal, or silent" },
];

/** The variable that switches storage to a PostgreSQL server. */
export const DATABASE_URL = "DATABASE_URL";

/** Environment variables as `process.env` has them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The result of {@link applyEnvironment}: the merged raw configuration and where each overridden field came from. */
export interface EnvApplied {
  /** The raw (not yet validated) configuration with the overrides applied. */
  readonly raw: Record<string, unknown>;
  /** Field path (`http.port`) → the variable that set it. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Applies the environment on top of a raw configuration (a parsed file). Values are converted only as far as is
 * unambiguous ("8080" → 8080, "0"/"false"/"off" → false); anything else is passed on as text so the schema can
 * reject it with the field's name. `DATABASE_URL` replaces `storage` with `{ kind: "postgres", url }`.
 */
export function applyEnvironment(rawConfig: Record<string, unknown>, env: Environment): EnvApplied {
  const raw = structuredClone(rawConfig);
  const sources = new Map<string, string>();
  for (const override of ENV_OVERRIDES) {
    const text = env[override.name];
    if (text === undefined || text === "") continue;
    if (override.path[0] === "storage" && env[DATABASE_URL]) continue;
    setPath(raw, override.path, convert(text, override.kind));
    sources.set(override.path.join("."), override.name);
  }
  const url = env[DATABASE_URL];
  if (url !== undefined && url !== "") {
    raw["storage"] = { kind: "postgres", url };
    sources.set("storage.url", DATABASE_URL);
    sources.set("storage.kind", DATABASE_URL);
  }
  return { raw, sources };
}

function convert(text: string, kind: EnvValueKind): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case "number":
      return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : text;
    case "boolean": {
      const lower = trimmed.toLowerCase();
      if (["1", "true", "yes", "on"].includes(lower)) return true;
      if (["0", "false", "no", "off"].includes(lower)) return false;
      return text;
    }
    case "list":
      return trimmed
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    case "text":
      return text;
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}
