import { isPlainJsonString } from "./emit-encoder.js";
import { emitTrie } from "./emit-trie.js";
import type { Node } from "./ir.js";

/**
 * Emits the specialised parser of one node: `function p(r: JsonReader): unknown` reads the JSON value at
 * `r.s[r.i]`, leaves `r.i` just after it and returns the value, exactly as `JSON.parse` would build it (same
 * properties in the same order), but only when the value also passes the generated validator (fast mode).
 * Otherwise it returns `undefined` and the caller takes the reference path (`JSON.parse`, then the validator).
 *
 * It reads the compact JSON stations send: it gives up (returns `undefined`) on whitespace between tokens, string
 * escapes, `null`, duplicate or unknown property names, unconstrained (`any`) properties, and anything invalid.
 * Giving up is always safe; the parser test proves that whatever it does return equals `JSON.parse` and is valid.
 */
export class ParserWriter {
  private seq = 0;
  /** Runtime helpers used. */
  readonly helpers = new Set<string>();
  /** Other parsers referenced by type name. */
  readonly refs = new Set<string>();

  private readonly parserName: (typeName: string) => string;

  constructor(parserName: (typeName: string) => string) {
    this.parserName = parserName;
  }

  /** The full function declaration for a named type (an object, an enum or a plain value). */
  fn(name: string, node: Node, exported: boolean): string {
    const body: string[] = [];
    this.helpers.add("JsonReader");
    if (node.kind === "object") this.object(node, body, "  ");
    else if (node.kind === "enum") this.enumeration(node.values, body, "  ");
    else {
      const v = this.value(node, body, "  ");
      body.push(`  return ${v};`);
    }
    return [`${exported ? "export " : ""}function ${name}(r: JsonReader): unknown {`, ...body, "}"].join("\n");
  }

  /** Statements that read the value of `node` at `r.i` into a new constant (undefined on failure); its name. */
  private value(node: Node, out: string[], indent: string): string {
    const v = `v${this.seq++}`;
    const fail = `${indent}if (${v} === undefined) return undefined;`;
    switch (node.kind) {
      case "ref":
        this.refs.add(node.name);
        out.push(`${indent}const ${v} = ${this.parserName(node.name)}(r);`, fail);
        return v;
      case "any":
      case "object":
      case "enum":
        // hoisted to named types by the IR; unconstrained properties never reach here
        throw new Error(`parser: unexpected inline ${node.kind}`);
      case "boolean":
        this.helpers.add("readBoolean");
        out.push(`${indent}const ${v} = readBoolean(r);`, fail);
        return v;
      case "string": {
        this.helpers.add("readString");
        out.push(`${indent}const ${v} = readString(r);`, fail);
        if (node.maxLength !== undefined) {
          this.helpers.add("codePointLength");
          out.push(
            `${indent}if (${v}.length > ${node.maxLength} && codePointLength(${v}) > ${node.maxLength}) return undefined;`,
          );
        }
        if (node.format !== undefined) {
          const fn = node.format === "date-time" ? "isDateTime" : "isUri";
          this.helpers.add(fn);
          out.push(`${indent}if (!${fn}(${v})) return undefined;`);
        }
        return v;
      }
      case "integer":
      case "number": {
        this.helpers.add("readNumber");
        out.push(`${indent}const ${v} = readNumber(r);`, fail);
        // readNumber may give ±Infinity for a huge literal, as JSON.parse does; the checks below reject it
        out.push(
          node.kind === "integer"
            ? `${indent}if (!Number.isInteger(${v})) return undefined;`
            : `${indent}if (!Number.isFinite(${v})) return undefined;`,
        );
        if (node.minimum !== undefined) out.push(`${indent}if (${v} < ${node.minimum}) return undefined;`);
        if (node.maximum !== undefined) out.push(`${indent}if (${v} > ${node.maximum}) return undefined;`);
        if (node.multipleOf !== undefined) {
          this.helpers.add("isMultipleOf");
          out.push(`${indent}if (!isMultipleOf(${v}, ${node.multipleOf})) return undefined;`);
        }
        return v;
      }
      case "array": {
        const n = this.seq++;
        const a = `a${n}`;
        const k = `k${n}`;
        out.push(`${indent}if (r.s.charCodeAt(r.i) !== 91) return undefined;`);
        out.push(`${indent}const ${a}: unknown[] = [];`);
        out.push(`${indent}if (r.s.charCodeAt(r.i + 1) === 93) {`, `${indent}  r.i += 2;`, `${indent}} else {`);
        out.push(`${indent}  r.i++;`, `${indent}  for (;;) {`);
        const item = this.value(node.items, out, `${indent}    `);
        out.push(`${indent}    ${a}.push(${item});`);
        out.push(`${indent}    const ${k} = r.s.charCodeAt(r.i++);`);
        out.push(`${indent}    if (${k} === 93) break;`);
        out.push(`${indent}    if (${k} !== 44) return undefined;`);
        out.push(`${indent}  }`, `${indent}}`);
        if (node.minItems !== undefined) out.push(`${indent}if (${a}.length < ${node.minItems}) return undefined;`);
        if (node.maxItems !== undefined) out.push(`${indent}if (${a}.length > ${node.maxItems}) return undefined;`);
        return a;
      }
    }
  }

  /** Body of an enum parser: the quoted value through a trie, giving the constant string. */
  private enumeration(values: readonly string[], out: string[], indent: string): void {
    out.push(`${indent}const s = r.s;`, `${indent}const i = r.i;`);
    const plain = values.filter(isPlainJsonString);
    out.push(
      ...emitTrie(
        plain.map((v) => ({
          text: `"${v}"`,
          leaf: [`r.i = i + ${v.length + 2};`, `return ${JSON.stringify(v)};`],
        })),
        "i",
        indent,
      ),
    );
    // a value with escapes (or one of the, in practice absent, values that need them) takes the reference path
    out.push(`${indent}return undefined;`);
  }

  /** Body of an object parser. */
  private object(node: Node & { kind: "object" }, out: string[], indent: string): void {
    const props = node.props.filter((p) => p.node.kind !== "any");
    const words = Math.ceil(props.length / 30);
    const word = (k: number) => `m${Math.floor(k / 30)}`;
    const bit = (k: number) => 1 << (k % 30);
    out.push(`${indent}const s = r.s;`, `${indent}let i = r.i;`);
    out.push(`${indent}if (s.charCodeAt(i) !== 123) return undefined;`);
    out.push(`${indent}const o: Record<string, unknown> = {};`);
    for (let w = 0; w < words; w++) out.push(`${indent}let m${w} = 0;`);
    out.push(`${indent}i++;`);
    out.push(`${indent}if (s.charCodeAt(i) === 125) {`, `${indent}  i++;`, `${indent}} else {`);
    out.push(`${indent}  for (;;) {`);
    const i3 = `${indent}    `;
    out.push(`${i3}key: {`);
    const entries = props.map((p, k) => {
      const leaf: string[] = [];
      leaf.push(`if ((${word(k)} & ${bit(k)}) !== 0) return undefined;`);
      leaf.push(`${word(k)} |= ${bit(k)};`);
      leaf.push(`r.i = i + ${p.name.length + 3};`);
      const lines: string[] = [];
      const v = this.value(p.node, lines, "");
      leaf.push(...lines);
      leaf.push(`o[${JSON.stringify(p.name)}] = ${v};`);
      leaf.push("i = r.i;");
      leaf.push("break key;");
      return { text: `"${p.name}":`, leaf };
    });
    if (entries.length > 0) out.push(...emitTrie(entries, "i", `${i3}  `));
    out.push(`${i3}  return undefined;`, `${i3}}`);
    out.push(`${i3}const c = s.charCodeAt(i++);`);
    out.push(`${i3}if (c === 125) break;`);
    out.push(`${i3}if (c !== 44) return undefined;`);
    out.push(`${indent}  }`, `${indent}}`);
    for (let w = 0; w < words; w++) {
      let mask = 0;
      props.forEach((p, k) => {
        if (p.required && Math.floor(k / 30) === w) mask |= bit(k);
      });
      if (mask !== 0) out.push(`${indent}if ((m${w} & ${mask}) !== ${mask}) return undefined;`);
    }
    // a required unconstrained property can never be read here
    if (node.props.some((p) => p.node.kind === "any" && p.required)) out.push(`${indent}return undefined;`);
    else out.push(`${indent}r.i = i;`, `${indent}return o;`);
  }
}
