import { builtinModules } from "node:module";
import { build, type Plugin } from "esbuild";

/** What {@link bundleForBrowser} found. */
export interface BrowserBundleReport {
  /** Node built-ins the entry pulled in (must be empty for a browser-safe package). */
  readonly nodeBuiltins: readonly string[];
  /** Our own source files that mention `process`, `Buffer` or `require(` (must be empty). */
  readonly nodeGlobals: readonly string[];
  /** Size of the minified bundle in bytes. */
  readonly bytes: number;
}

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const NODE_GLOBAL = /\b(?:process\s*\.|Buffer\b|require\s*\()/;

/**
 * Bundles `entry` for the browser platform with esbuild (resolving workspace packages to their sources) and reports
 * every Node built-in it pulls in and every own source file that uses a Node global.
 */
export async function bundleForBrowser(entry: string): Promise<BrowserBundleReport> {
  const nodeBuiltins = new Set<string>();
  const trap: Plugin = {
    name: "node-builtin-trap",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!builtins.has(args.path)) return undefined;
        nodeBuiltins.add(`${args.path} (imported by ${args.importer})`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    conditions: ["@chargekit/source", "browser", "import", "default"],
    plugins: [trap],
  });
  const { readFile } = await import("node:fs/promises");
  const nodeGlobals: string[] = [];
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes("node_modules") || !/\.ts$/.test(input)) continue;
    const text = (await readFile(input, "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    if (NODE_GLOBAL.test(text)) nodeGlobals.push(input);
  }
  return {
    nodeBuiltins: [...nodeBuiltins].sort(),
    nodeGlobals,
    bytes: result.outputFiles.reduce((sum, f) => sum + f.contents.byteLength, 0),
  };
}
