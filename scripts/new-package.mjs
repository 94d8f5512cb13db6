#!/usr/bin/env node
// Scaffolds packages/<dir> the way every chargekit package is laid out.
// usage: node scripts/new-package.mjs <dir> "<description>" [--browser] [--entries testing,ws] [--deps zod,ws]
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    browser: { type: "boolean", default: false },
    entries: { type: "string", default: "testing" },
    deps: { type: "string", default: "" },
  },
});
const [dir, description] = positionals;
if (!dir || !description) {
  console.error(
    'usage: node scripts/new-package.mjs <dir> "<description>" [--browser] [--entries testing,ws] [--deps zod,ws]',
  );
  process.exit(2);
}
const root = new URL("..", import.meta.url).pathname;
const pkgDir = join(root, "packages", dir);
if (existsSync(pkgDir)) {
  console.error(`packages/${dir} exists already`);
  process.exit(1);
}
const rootLock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
const versionOf = (name) => rootLock.packages?.[`node_modules/${name}`]?.version;
const core = JSON.parse(readFileSync(join(root, "packages/core/package.json"), "utf8"));
const entries = ["index", ...values.entries.split(",").filter(Boolean)];
const exportsMap = {};
for (const entry of entries) {
  const key = entry === "index" ? "." : `./${entry}`;
  exportsMap[key] = {
    "@chargekit/source": `./src/${entry}.ts`,
    import: { types: `./dist/${entry}.d.ts`, default: `./dist/${entry}.js` },
    require: { types: `./dist/${entry}.d.cts`, default: `./dist/${entry}.cjs` },
  };
}
exportsMap["./package.json"] = "./package.json";
const dependencies = Object.fromEntries(
  values.deps
    .split(",")
    .filter(Boolean)
    .map((name) => [name, versionOf(name) ?? "*"]),
);
const manifest = {
  name: `@chargekit/${dir}`,
  version: "0.1.0",
  description,
  license: "Apache-2.0",
  type: "module",
  sideEffects: false,
  keywords: ["ev-charging", "ocpp", "csms", "emobility"],
  engines: core.engines,
  exports: exportsMap,
  main: "./dist/index.cjs",
  module: "./dist/index.js",
  types: "./dist/index.d.cts",
  files: core.files,
  scripts: {
    build: "tsup",
    typecheck: values.browser ? "tsc -p tsconfig.json && tsc -p tsconfig.browser.json" : "tsc -p tsconfig.json",
    test: "vitest run",
  },
  dependencies,
  peerDependencies: { "@chargekit/core": `^${core.version}`, vitest: ">=3" },
  peerDependenciesMeta: { vitest: { optional: true } },
  devDependencies: { "@chargekit/core": `^${core.version}` },
  publishConfig: { access: "public" },
};
mkdirSync(join(pkgDir, "src"), { recursive: true });
const write = (file, text) => writeFileSync(join(pkgDir, file), text);
write("package.json", `${JSON.stringify(manifest, null, 2)}\n`);
write(
  "tsconfig.json",
  `${JSON.stringify({ extends: "../../tooling/tsconfig.base.json", include: ["src", "*.ts"] }, null, 2)}\n`,
);
if (values.browser) {
  write(
    "tsconfig.browser.json",
    `${JSON.stringify({ extends: "../../tooling/tsconfig.browser.json", include: ["src"], exclude: ["src/**/*.test.ts", "src/**/*.test-d.ts"] }, null, 2)}\n`,
  );
}
write(
  "tsup.config.ts",
  `import { defineConfig } from "tsup";
import { packageBuildConfig } from "../../tooling/tsup.shared.js";

export default defineConfig(
  packageBuildConfig({ entry: [${entries.map((e) => `"src/${e}.ts"`).join(", ")}], platform: "${values.browser ? "neutral" : "node"}" }),
);
`,
);
write(
  "vitest.config.ts",
  `import { defineProject } from "vitest/config";
import { sharedProjectConfig } from "../../tooling/vitest.shared.js";

export default defineProject(sharedProjectConfig("${dir}"));
`,
);
write(
  "typedoc.json",
  `${JSON.stringify(
    {
      $schema: "https://typedoc.org/schema.json",
      extends: ["../../tooling/typedoc.package.json"],
      entryPoints: entries.map((e) => `src/${e}.ts`),
      tsconfig: values.browser ? "./tsconfig.browser.json" : "./tsconfig.json",
    },
    null,
    2,
  )}\n`,
);
copyFileSync(join(root, "LICENSE"), join(pkgDir, "LICENSE"));
for (const entry of entries) {
  write(
    `src/${entry}.ts`,
    `/**\n * ${entry === "index" ? description : `${entry} entry of @chargekit/${dir}.`}\n *\n * @module\n */\nexport {};\n`,
  );
}
write("README.md", `# @chargekit/${dir}\n\n${description}\n`);
console.log(`created packages/${dir}; run npm install to link it`);
