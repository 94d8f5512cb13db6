#!/usr/bin/env node
// Runs publint --strict and attw --pack (node16 profile: Node 20+ with node16/nodenext/bundler resolution) on every built package under packages/, failing on the first problem.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
let failed = 0;
for (const dir of readdirSync(join(root, "packages")).sort()) {
  const pkgDir = join(root, "packages", dir);
  const manifest = join(pkgDir, "package.json");
  if (!existsSync(manifest)) continue;
  const { name, private: isPrivate } = JSON.parse(readFileSync(manifest, "utf8"));
  if (isPrivate) continue;
  if (!existsSync(join(pkgDir, "dist"))) {
    console.error(`✗ ${name}: no dist/ (run npm run build first)`);
    failed++;
    continue;
  }
  for (const [tool, args] of [
    ["publint", ["--strict"]],
    ["attw", ["--pack", ".", "--profile", "node16", "--format", "table-flipped"]],
  ]) {
    try {
      execFileSync(bin(tool), args, { cwd: pkgDir, stdio: "pipe", encoding: "utf8" });
      console.log(`✓ ${name}: ${tool}`);
    } catch (error) {
      failed++;
      console.error(`✗ ${name}: ${tool}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
  }
}
if (failed > 0) {
  console.error(`${failed} package check(s) failed`);
  process.exit(1);
}
