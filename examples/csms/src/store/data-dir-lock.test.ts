import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LOCK_FILE, lockDataDir } from "./data-dir-lock.js";

const dirs: string[] = [];
async function fresh() {
  const dir = await mkdtemp(join(tmpdir(), "chargekit-lock-"));
  dirs.push(dir);
  return join(dir, "data"); // not there yet: the lock creates it
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe("lockDataDir", () => {
  it("claims a directory for one process and releases it", async () => {
    const dir = await fresh();
    const release = await lockDataDir(dir);
    expect((await readFile(join(dir, LOCK_FILE), "utf8")).trim()).toBe(String(process.pid));
    await expect(lockDataDir(dir, process.pid + 1)).rejects.toMatchObject({
      code: "UNAVAILABLE",
      message: `the data directory ${dir} is in use by process ${process.pid} (one server per embedded data directory)`,
    });
    await release();
    const again = await lockDataDir(dir, process.pid + 1);
    await again();
  });

  it("takes over the lock of a process that is gone (it exited or was killed without releasing it)", async () => {
    const dir = await fresh();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    await lockDataDir(dir).then((release) => release());
    await writeFile(join(dir, LOCK_FILE), `${dead}\n`);
    const release = await lockDataDir(dir);
    expect((await readFile(join(dir, LOCK_FILE), "utf8")).trim()).toBe(String(process.pid));
    await release();
  });
});
