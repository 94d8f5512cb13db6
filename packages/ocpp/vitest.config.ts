import { defineProject } from "vitest/config";
import { sharedProjectConfig } from "../../tooling/vitest.shared.js";

const shared = sharedProjectConfig("ocpp");

export default defineProject({
  ...shared,
  test: {
    ...shared.test,
    // the code generator's own tests live beside it, outside src/
    include: [...(shared.test?.include ?? []), "codegen/**/*.test.ts"],
  },
});
