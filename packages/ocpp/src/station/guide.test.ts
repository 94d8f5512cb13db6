import { describe, expect, it } from "vitest";
import { readSnippets, runSnippet } from "../../../../tooling/doc-snippets.js";

const pkg = new URL("../..", import.meta.url).pathname;

describe("docs/stations.md snippets run", async () => {
  for (const snippet of await readSnippets(`${pkg}../../docs/stations.md`)) {
    it(snippet.name, async () => {
      const logged = await runSnippet(snippet, pkg);
      expect(logged.length).toBeGreaterThan(0);
    }, 60_000);
  }
});
