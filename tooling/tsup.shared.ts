import type { Options } from "tsup";

/** Options a package passes to {@link packageBuildConfig}. */
export interface PackageBuildOptions {
  /** Entry files, one per `exports` subpath. */
  entry: string[];
  /** `neutral` for browser-safe packages (core, reservations, load-management), `node` for the rest. */
  platform: "neutral" | "node";
  /** Extra modules to keep out of the bundle (dependencies and peers are external already). */
  external?: string[];
}

/**
 * The one tsup configuration every chargekit package builds with: ESM and CJS side by side with matching
 * `.d.ts` / `.d.cts`, readable (unminified) output with source maps, and types checked against the built
 * `dist/` of workspace dependencies (tsconfig.build.json drops the `@chargekit/source` condition).
 */
export function packageBuildConfig(options: PackageBuildOptions): Options {
  return {
    entry: options.entry,
    format: ["esm", "cjs"],
    platform: options.platform,
    target: "es2022",
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    minify: false,
    tsconfig: "../../tooling/tsconfig.build.json",
    external: options.external ?? [],
  };
}
