import { describe, expect, it } from "vitest";
import { readSnippets, runSnippet } from "../../../tooling/doc-snippets.js";

const pkg = new URL("..", import.meta.url).pathname;
const files = [`${pkg}README.md`, `${pkg}../../docs/load-management.md`];

describe("documentation snippets run", async () => {
  for (const file of files) {
    for (const snippet of await readSnippets(file)) {
      it(snippet.name, async () => {
        const logged = await runSnippet(snippet, pkg);
        expect(logged.length).toBeGreaterThan(0);
      });
    }
  }
});
