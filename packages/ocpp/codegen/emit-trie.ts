/**
 * Emits a character trie that matches one of several fixed strings at `s[base + 0…]`: nested `switch`es where
 * candidates branch and unrolled `charCodeAt` comparisons where only one is left. Each candidate's leaf code runs
 * when the whole string matched; when nothing matches, control falls out of the emitted statements.
 */
export interface TrieEntry {
  /** The exact characters to match (e.g. a property name followed by `":`). */
  readonly text: string;
  /** Statements run on a match; they must leave the trie (`return`, `break label`). */
  readonly leaf: readonly string[];
}

export function emitTrie(entries: readonly TrieEntry[], base: string, indent: string): string[] {
  const texts = new Set(entries.map((e) => e.text));
  if (texts.size !== entries.length) throw new Error("trie: duplicate entries");
  for (const a of texts) {
    for (const b of texts) {
      if (a !== b && b.startsWith(a)) throw new Error(`trie: ${JSON.stringify(a)} is a prefix of ${JSON.stringify(b)}`);
    }
  }
  const out: string[] = [];
  walk(entries, 0, base, indent, out);
  return out;
}

const at = (base: string, depth: number): string => `s.charCodeAt(${base} + ${depth})`;

/** Longest run compared character by character; a longer one is one `startsWith` call. */
const UNROLL = 16;

/** A condition that `text` stands at `s[base + depth…]`. */
function matches(text: string, base: string, depth: number): string {
  if (text.length > UNROLL) return `s.startsWith(${JSON.stringify(text)}, ${base} + ${depth})`;
  const tests: string[] = [];
  for (let k = 0; k < text.length; k++) tests.push(`${at(base, depth + k)} === ${text.charCodeAt(k)}`);
  return tests.join(" && ");
}

function walk(entries: readonly TrieEntry[], depth: number, base: string, indent: string, out: string[]): void {
  const [first] = entries;
  if (first === undefined) return;
  // the characters every entry shares from `depth` on
  let common = first.text.length - depth;
  for (const e of entries) {
    let k = 0;
    while (k < common && e.text.charCodeAt(depth + k) === first.text.charCodeAt(depth + k)) k++;
    common = k;
  }
  if (entries.length === 1 && common === 0) {
    for (const line of first.leaf) out.push(`${indent}${line}`);
    return;
  }
  if (entries.length === 1 || common > 0) {
    const inner: string[] = [];
    if (entries.length === 1) for (const line of first.leaf) inner.push(`${indent}  ${line}`);
    else walk(entries, depth + common, base, `${indent}  `, inner);
    out.push(`${indent}if (${matches(first.text.slice(depth, depth + common), base, depth)}) {`, ...inner);
    out.push(`${indent}}`);
    return;
  }
  const groups = new Map<number, TrieEntry[]>();
  for (const e of entries) {
    const c = e.text.charCodeAt(depth);
    if (Number.isNaN(c)) throw new Error("trie: an entry ended inside another");
    const g = groups.get(c) ?? [];
    g.push(e);
    groups.set(c, g);
  }
  out.push(`${indent}switch (${at(base, depth)}) {`);
  for (const [c, group] of [...groups.entries()].sort(([a], [b]) => a - b)) {
    out.push(`${indent}  case ${c}: {`);
    walk(group, depth + 1, base, `${indent}    `, out);
    const last = out[out.length - 1]?.trim() ?? "";
    if (!last.startsWith("return ") && !last.startsWith("break ")) out.push(`${indent}    break;`);
    out.push(`${indent}  }`);
  }
  out.push(`${indent}}`);
}
