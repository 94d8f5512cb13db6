import type { z } from "zod";
import type { Violation } from "../validation/violation.js";
import type { Sender } from "./action-spec.js";

/**
 * A generated validator: returns true when `value` is valid. With `violations` undefined it stops at the first
 * problem (fast path); with an array it records every violation (with its JSON pointer, starting at `path`).
 *
 * @internal
 */
export type PayloadValidator = (value: unknown, violations: Violation[] | undefined, path: string) => boolean;

/** One message schema of an action. @internal */
export interface MessageEntry {
  readonly validate: PayloadValidator;
  readonly schema: z.ZodType<unknown>;
  readonly schemaId: string;
}

/** One action of a version. @internal */
export interface ActionEntry {
  readonly action: string;
  readonly sender: Sender;
  readonly send: boolean;
  readonly request: MessageEntry;
  readonly response: MessageEntry | undefined;
}

/** All actions of one version, by action name. @internal */
export type VersionRegistry = Readonly<Record<string, ActionEntry>>;
