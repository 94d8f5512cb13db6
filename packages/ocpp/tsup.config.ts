import { defineConfig } from "tsup";
import { packageBuildConfig } from "../../tooling/tsup.shared.js";

export default defineConfig(
  packageBuildConfig({ entry: ["src/index.ts", "src/testing.ts", "src/ws.ts"], platform: "node" }),
);
