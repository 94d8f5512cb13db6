import { z } from "zod";

/** A TCP port; 0 asks the system for a free one (tests). */
export const portSchema = z
  .number({ error: "expected a port number 0–65535" })
  .int({ error: "expected a port number 0–65535" })
  .min(0, { error: "expected a port number 0–65535" })
  .max(65_535, { error: "expected a port number 0–65535" });

/** A host name or IP address to listen on. */
export const hostSchema = z.string().min(1, { error: "expected a host name or IP address" });

/** A current in amperes, 0 or more. */
export const ampsSchema = z
  .number({ error: "expected a number ≥ 0" })
  .min(0, { error: "expected a number ≥ 0" })
  .refine(Number.isFinite, { error: "expected a finite number" });

/** A current limit on each of the three phases, in A. */
export const perPhaseAmpsSchema = z.strictObject({
  /** Limit on L1 in A. */
  L1: ampsSchema,
  /** Limit on L2 in A. */
  L2: ampsSchema,
  /** Limit on L3 in A. */
  L3: ampsSchema,
});

/** A power limit in kW, more than 0. */
export const kilowattsSchema = z
  .number({ error: "expected a number > 0 (kW)" })
  .positive({ error: "expected a number > 0 (kW)" })
  .refine(Number.isFinite, { error: "expected a finite number" });

/** A file system path (absolute, or relative to the working directory). */
export const filePathSchema = z.string().min(1, { error: "expected a file path" });

/** A short identifier: letters, digits, `-` and `_`, 1–64 characters. */
export const slugSchema = z
  .string({ error: "expected an identifier (letters, digits, - and _)" })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "expected an identifier (letters, digits, - and _, at most 64)" });
