/**
 * Field names whose values never reach a log line: passwords, API keys and tokens, authorization headers and
 * cookies, payment card data. They are censored wherever they appear up to three levels deep (`password`,
 * `station.password`, `body.card.pan`); log such objects no deeper than that.
 */
export const SECRET_FIELDS = [
  "password",
  "passwordHash",
  "apiKey",
  "key",
  "token",
  "secret",
  "authorization",
  "cookie",
  "card",
  "cardNumber",
  "pan",
  "cvc",
  "cvv",
  "expiry",
  '"x-api-key"',
  '"set-cookie"',
] as const;

/** What a censored value is replaced with. */
export const CENSOR = "[redacted]";

/** The pino `redact.paths` for {@link SECRET_FIELDS}: each name at the top level and one and two levels down. */
export function redactionPaths(): string[] {
  return SECRET_FIELDS.flatMap((field) => {
    const key = field.startsWith('"') ? `[${field}]` : field;
    const join = (prefix: string): string => (key.startsWith("[") ? `${prefix}${key}` : `${prefix}.${key}`);
    return [key.startsWith("[") ? field.slice(1, -1) : key, join("*"), join("*.*")];
  }).filter((path) => !path.startsWith("x-api-key") && !path.startsWith("set-cookie"));
}

/** `postgres://user:secret@host/db` → `postgres://user:[redacted]@host/db`, for logging connection URLs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = CENSOR;
    return parsed.toString();
  } catch {
    return CENSOR;
  }
}
