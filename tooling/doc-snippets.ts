import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** One fenced ```ts block of a markdown file. */
export interface DocSnippet {
  /** `file.md#n`, for test names. */
  readonly name: string;
  /** The code. */
  readonly code: string;
}

/** The runnable ```ts / ```typescript blocks of a markdown file (blocks tagged `no-run` are skipped). */
export async function readSnippets(markdownPath: string): Promise<DocSnippet[]> {
  const text = await readFile(markdownPath, "utf8");
  const snippets: DocSnippet[] = [];
  const fence = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm;
  for (const match of text.matchAll(fence)) {
    if ((match[2] ?? "").includes("no-run")) continue;
    snippets.push({ name: `${basename(markdownPath)}#${snippets.length + 1}`, code: match[3] ?? "" });
  }
  return snippets;
}

/**
 * Runs a snippet as an ES module from `workDir/.doctest/` (so bare `@chargekit/*` imports resolve like the
 * package's own tests) with `console.log` silenced; resolves with what it logged, rejects with what it threw.
 */
export async function runSnippet(snippet: DocSnippet, workDir: string): Promise<string[]> {
  const dir = join(workDir, ".doctest");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${snippet.name.replace(/[^a-z0-9]+/gi, "-")}-${Date.now()}.ts`);
  await writeFile(file, snippet.code);
  const logged: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => {
    logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  };
  try {
    await import(/* @vite-ignore */ file);
    return logged;
  } finally {
    console.log = original;
    await rm(file, { force: true });
    await rm(dirname(file), { recursive: true, force: true }).catch(() => {});
  }
}
