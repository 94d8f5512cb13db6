import { configDefaults, defineProject } from "vitest/config";
import { sharedProjectConfig } from "../../tooling/vitest.shared.js";
import { hasServer, SERVER_ONLY_FILES } from "./test/server-only.js";

const shared = sharedProjectConfig("storage-postgres");

// Vitest hands ssr.resolve.conditions to its workers as `node --conditions …`. The shared list carries "import",
// which then also applies to require() inside CommonJS packages: pg's require("pg-pool") would get pg-pool's ES
// module wrapper and fail ("Class extends value [object Module]"). Vite adds import/require by itself, so this
// project leaves both out.
export default defineProject({
  ...shared,
  ssr: {
    ...shared.ssr,
    resolve: { ...shared.ssr?.resolve, conditions: ["@chargekit/source", "node", "default"] },
  },
  test: {
    ...shared.test,
    globalSetup: ["./vitest.global-setup.ts"],
    // Without a server the race tests are left out (the global setup says so) instead of being reported as skipped.
    exclude: [...configDefaults.exclude, ...(hasServer(process.env) ? [] : SERVER_ONLY_FILES)],
  },
});
