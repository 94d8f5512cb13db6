import { defineProject } from "vitest/config";
import { sharedProjectConfig } from "../../tooling/vitest.shared.js";

export default defineProject(sharedProjectConfig("payments"));
