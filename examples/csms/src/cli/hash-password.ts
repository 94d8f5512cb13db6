import { hashPassword } from "../auth/passwords.js";
import type { CliOutcome } from "./new-api-key.js";

/** Shortest station password accepted (OCPP 2.0.1 `BasicAuthPassword` and the 1.6 security whitepaper: 16). */
export const MIN_PASSWORD_LENGTH = 16;
/** Longest station password accepted (OCPP: 40). */
export const MAX_PASSWORD_LENGTH = 40;

/**
 * `hash-password`: reads a station's Basic auth password from standard input (so it stays out of the shell history
 * and the process list) and prints its scrypt hash for `stations[].passwordHash`.
 */
export async function hashPasswordCommand(input: string): Promise<CliOutcome> {
  const password = input.replace(/\r?\n$/, "");
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    return {
      out: [],
      err: [
        `a station password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters, got ${password.length}`,
      ],
      code: 2,
    };
  }
  return { out: [await hashPassword(password)], err: [], code: 0 };
}
