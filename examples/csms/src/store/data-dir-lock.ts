import { mkdir, open, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { ChargekitError } from "@chargekit/core";

/** The file that marks a data directory as in use, holding the owner's process id. */
export const LOCK_FILE = "server.pid";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claims `dir` for this process: PGlite is one process per data directory, and a second server on the same files
 * would corrupt them. Creates the directory when missing, then `<dir>/server.pid` exclusively; a lock left by a
 * process that is gone (killed with SIGKILL) is taken over. Throws `UNAVAILABLE` naming the other process when
 * the directory is in use. Resolves with the release function.
 */
export async function lockDataDir(dir: string, pid: number = process.pid): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(`${pid}\n`);
      await handle.close();
      return async () => {
        const owner = Number((await readFile(file, "utf8").catch(() => "")).trim());
        if (owner === pid) await unlink(file).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(file, "utf8").catch(() => "")).trim());
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== pid && alive(owner)) {
        throw new ChargekitError(
          "UNAVAILABLE",
          `the data directory ${dir} is in use by process ${owner} (one server per embedded data directory)`,
          { details: { dir, pid: owner } },
        );
      }
      await unlink(file).catch(() => {}); // stale: its process is gone
    }
  }
  throw new ChargekitError("UNAVAILABLE", `could not lock the data directory ${dir}`);
}
