import { describe, expect, it } from "vitest";
import { readSnippets, runSnippet } from "../../../../tooling/doc-snippets.js";

const pkg = new URL("../..", import.meta.url).pathname;
const guide = `${pkg}../../docs/smart-charging.md`;

/** The `// expected` comments after the `console.log(...)` lines of a snippet, in order. */
function expectedOutput(code: string): string[] {
  return [...code.matchAll(/console\.log\(.*\);\s*\/\/\s*(.+)$/gm)].map((m) => (m[1] ?? "").trim());
}

describe("docs/smart-charging.md snippets run and print what they say", async () => {
  for (const snippet of await readSnippets(guide)) {
    it(snippet.name, async () => {
      const logged = await runSnippet(snippet, pkg);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged).toEqual(expectedOutput(snippet.code));
    });
  }
});
