import type { ViteUserConfig } from "vitest/config";

/**
 * Resolve workspace packages to their TypeScript sources, so tests never wait on a build. vitest hands these to its
 * workers as `node --conditions …`, so "import" must not be among them: CommonJS packages (ocpp-rpc) would then
 * `require()` an ESM entry (ws's wrapper). Vite adds import/require by itself.
 */
export const sourceConditions = ["@chargekit/source", "node", "default"];

/** The vitest project settings shared by every workspace; `name` labels the project in the summary. */
export function sharedProjectConfig(name: string): ViteUserConfig {
  return {
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ["@chargekit/source"] } },
    // vitest loads global setups in its own `__vitest__` environment, which does not take the ssr settings.
    environments: {
      __vitest__: { resolve: { conditions: sourceConditions, externalConditions: ["@chargekit/source"] } },
    },
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
      setupFiles: [new URL("./vitest.setup.ts", import.meta.url).pathname],
      restoreMocks: true,
      // CI runs every project's files at once on a 2-core machine: a test that opens real sockets, processes or a
      // database takes 1–6 s there (vitest's 5 s default timed out such tests at random). A hang still fails.
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}
