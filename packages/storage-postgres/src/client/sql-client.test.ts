import { ChargekitError, isChargekitError } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import type { PgPoolClientLike, PgPoolLike, SqlRows } from "./postgres-client.js";
import { rollback, toSqlClient } from "./sql-client.js";
import { guard } from "./sql-errors.js";

/** A pg Pool stand-in that records statements and fails the ones `fail` picks. */
function fakePool(fail: (text: string, n: number) => unknown = () => undefined) {
  const log: string[] = [];
  const released: (Error | boolean | undefined)[] = [];
  let n = 0;
  const run = async (text: string): Promise<SqlRows> => {
    log.push(text);
    const error = fail(text, n++);
    if (error !== undefined) throw error;
    return { rows: [{ text }], rowCount: 1 };
  };
  const connection: PgPoolClientLike = { query: run, release: (e) => released.push(e) };
  const pool: PgPoolLike = { connect: async () => connection, query: run };
  return { pool, log, released };
}

const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe("the SQL client seam on a pg Pool", () => {
  it("wraps the body in BEGIN/COMMIT on one borrowed connection and gives it back", async () => {
    const { pool, log, released } = fakePool();
    const value = await toSqlClient(pool).transaction(async (tx) => (await tx.rows("SELECT 1")).length);
    expect(value).toBe(1);
    expect(log).toEqual(["BEGIN", "SELECT 1", "COMMIT"]);
    expect(released).toEqual([false]);
  });

  it("rolls back and resolves with the value given to rollback()", async () => {
    const { pool, log } = fakePool();
    const value = await toSqlClient(pool).transaction(async (tx) => {
      await tx.count("UPDATE x");
      return rollback("refused");
    });
    expect(value).toBe("refused");
    expect(log).toEqual(["BEGIN", "UPDATE x", "ROLLBACK"]);
  });

  it("runs the body again after a deadlock or serialization failure, at most `attempts` times", async () => {
    const { pool, log } = fakePool((text, n) => (text === "COMMIT" && n < 6 ? sqlError("40P01") : undefined));
    expect(await toSqlClient(pool).transaction(async () => "done")).toBe("done");
    expect(log.filter((t) => t === "BEGIN")).toHaveLength(3);
    const always = fakePool((text) => (text === "COMMIT" ? sqlError("40001") : undefined));
    await expect(toSqlClient(always.pool).transaction(async () => "x", { attempts: 3 })).rejects.toThrow(/40001/);
    expect(always.log.filter((t) => t === "BEGIN")).toHaveLength(3);
  });

  it("does not retry other errors, and closes a connection that failed without a SQLSTATE", async () => {
    const unique = fakePool((text) => (text === "INSERT" ? sqlError("23505") : undefined));
    await expect(toSqlClient(unique.pool).transaction((tx) => tx.count("INSERT"))).rejects.toThrow(/23505/);
    expect(unique.log).toEqual(["BEGIN", "INSERT", "ROLLBACK"]);
    expect(unique.released).toEqual([false]);
    const broken = fakePool((text) => (text === "INSERT" ? new Error("socket hang up") : undefined));
    await expect(toSqlClient(broken.pool).transaction((tx) => tx.count("INSERT"))).rejects.toThrow(/socket/);
    expect(broken.released[0]).toBeInstanceOf(Error);
  });

  it("retries the extra SQLSTATEs a caller names", async () => {
    const { pool, log } = fakePool((text, n) => (text === "COMMIT" && n < 4 ? sqlError("23P01") : undefined));
    expect(await toSqlClient(pool).transaction(async () => 1, { retryOn: ["23P01"] })).toBe(1);
    expect(log.filter((t) => t === "BEGIN")).toHaveLength(2);
  });
});

describe("guard", () => {
  it("turns driver errors into PORT_FAILURE naming port, operation and key, keeping the cause", async () => {
    const cause = sqlError("08006");
    const error = await guard({ port: "P", operation: "op", key: "k" }, async () => {
      throw cause;
    }).catch((e: unknown) => e);
    expect(isChargekitError(error, "PORT_FAILURE")).toBe(true);
    expect((error as Error).message).toBe("P.op failed (key k): sqlstate 08006");
    expect((error as Error).cause).toBe(cause);
  });

  it("passes chargekit errors through unchanged", async () => {
    const mine = new ChargekitError("LIMIT_EXCEEDED", "ids are exhausted");
    await expect(guard({ port: "P", operation: "op" }, async () => Promise.reject(mine))).rejects.toBe(mine);
  });
});
