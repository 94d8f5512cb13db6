import type { Node } from "./ir.js";

/** True when `value` can sit between JSON quotes as it is (no quote, backslash, control or surrogate character). */
export function isPlainJsonString(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * Emits the specialised encoder of one node: `function enc(d: unknown): string | undefined` returns the JSON text
 * of `d` when `d` passes the same checks as the generated validator (fast mode), and `undefined` otherwise. It also
 * returns `undefined`, deferring to the validator and `JSON.stringify`, for what it does not write itself: values
 * of unconstrained (`any`) properties, and properties an open object has beyond its schema. Properties are written
 * in schema order; `undefined` properties are left out, as `JSON.stringify` does.
 *
 * The checks mirror `emit-validator.ts` one for one; the encoder test proves both accept the same values.
 */
export class EncoderWriter {
  private seq = 0;
  /** Module-level constants (enum sets) this file needs. */
  readonly constants: string[] = [];
  /** Runtime helpers used (imported from the validation runtime). */
  readonly helpers = new Set<string>();
  /** Other encoders referenced by type name. */
  readonly refs = new Set<string>();

  private readonly encoderName: (typeName: string) => string;

  constructor(encoderName: (typeName: string) => string) {
    this.encoderName = encoderName;
  }

  /** The full function declaration. */
  fn(name: string, node: Node, exported: boolean): string {
    const body: string[] = [];
    const result = this.write(node, "d", body, "  ");
    return [
      `${exported ? "export " : ""}function ${name}(d: unknown): string | undefined {`,
      ...body,
      `  return ${result};`,
      "}",
    ].join("\n");
  }

  /** Appends statements that check `x` and compute its JSON text; returns the expression holding the text. */
  private write(node: Node, x: string, out: string[], indent: string): string {
    switch (node.kind) {
      case "ref": {
        this.refs.add(node.name);
        const j = `j${this.seq++}`;
        out.push(`${indent}const ${j} = ${this.encoderName(node.name)}(${x});`);
        out.push(`${indent}if (${j} === undefined) return undefined;`);
        return j;
      }
      case "any":
        // only ever a property (handled there); nothing else in the OCA schemas is unconstrained
        throw new Error("an unconstrained value outside an object property");
      case "boolean":
        out.push(`${indent}if (typeof ${x} !== "boolean") return undefined;`);
        return `(${x} ? "true" : "false")`;
      case "string": {
        out.push(`${indent}if (typeof ${x} !== "string") return undefined;`);
        if (node.maxLength !== undefined) {
          this.helpers.add("codePointLength");
          out.push(
            `${indent}if (${x}.length > ${node.maxLength} && codePointLength(${x}) > ${node.maxLength}) return undefined;`,
          );
        }
        if (node.format === "date-time") {
          this.helpers.add("isDateTime");
          out.push(`${indent}if (!isDateTime(${x})) return undefined;`);
          // a valid RFC 3339 date-time holds digits, "-", ":", ".", "+", "T", "Z" (any case) and space only
          return `'"' + ${x} + '"'`;
        }
        if (node.format === "uri") {
          this.helpers.add("isUri");
          out.push(`${indent}if (!isUri(${x})) return undefined;`);
        }
        this.helpers.add("jsonString");
        return `jsonString(${x})`;
      }
      case "enum": {
        let test: string;
        if (node.values.length <= 6) {
          test = node.values.map((v) => `${x} !== ${JSON.stringify(v)}`).join(" && ");
        } else {
          const set = `S${this.seq++}`;
          this.constants.push(`const ${set}: ReadonlySet<string> = new Set(${JSON.stringify(node.values)});`);
          test = `!${set}.has(${x})`;
        }
        out.push(`${indent}if (typeof ${x} !== "string" || (${test})) return undefined;`);
        if (node.values.every(isPlainJsonString)) return `'"' + ${x} + '"'`;
        this.helpers.add("jsonString");
        return `jsonString(${x})`;
      }
      case "integer":
      case "number": {
        const typeTest =
          node.kind === "integer"
            ? `typeof ${x} !== "number" || !Number.isInteger(${x})`
            : `typeof ${x} !== "number" || !Number.isFinite(${x})`;
        out.push(`${indent}if (${typeTest}) return undefined;`);
        if (node.minimum !== undefined) out.push(`${indent}if (${x} < ${node.minimum}) return undefined;`);
        if (node.maximum !== undefined) out.push(`${indent}if (${x} > ${node.maximum}) return undefined;`);
        if (node.multipleOf !== undefined) {
          this.helpers.add("isMultipleOf");
          out.push(`${indent}if (!isMultipleOf(${x}, ${node.multipleOf})) return undefined;`);
        }
        // a finite number prints the same through String() as through JSON.stringify (-0 as "0")
        return `String(${x})`;
      }
      case "array": {
        const n = this.seq++;
        out.push(`${indent}if (!Array.isArray(${x}) || hasToJson(${x})) return undefined;`);
        this.helpers.add("hasToJson");
        if (node.minItems !== undefined) out.push(`${indent}if (${x}.length < ${node.minItems}) return undefined;`);
        if (node.maxItems !== undefined) out.push(`${indent}if (${x}.length > ${node.maxItems}) return undefined;`);
        const w = `w${n}`;
        out.push(`${indent}let ${w} = "[";`);
        out.push(`${indent}for (let i${n} = 0; i${n} < ${x}.length; i${n}++) {`);
        out.push(`${indent}  const y${n}: unknown = ${x}[i${n}];`);
        const item = this.write(node.items, `y${n}`, out, `${indent}  `);
        out.push(`${indent}  ${w} += i${n} === 0 ? ${item} : "," + ${item};`);
        out.push(`${indent}}`);
        return `${w} + "]"`;
      }
      case "object": {
        const n = this.seq++;
        const o = `o${n}`;
        const w = `w${n}`;
        out.push(`${indent}if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) return undefined;`);
        this.helpers.add("hasToJson");
        // JSON.stringify writes what toJSON returns (a Date, say): leave such objects to it
        out.push(`${indent}if (hasToJson(${x})) return undefined;`);
        out.push(`${indent}const ${o} = ${x} as Record<string, unknown>;`);
        out.push(`${indent}let n${n} = 0;`);
        out.push(`${indent}let ${w} = "{";`);
        let someBefore = false; // a required property precedes: a comma is always due
        node.props.forEach((prop, k) => {
          const a = `a${n}_${k}`;
          const key = JSON.stringify(prop.name);
          out.push(`${indent}const ${a} = ${o}[${key}];`);
          if (prop.node.kind === "any") {
            // an unconstrained value may hold anything JSON.stringify treats specially: defer when present
            if (prop.required) throw new Error(`required unconstrained property ${prop.name}`);
            out.push(`${indent}if (${a} !== undefined) return undefined;`);
            return;
          }
          if (prop.required) out.push(`${indent}if (${a} === undefined) return undefined;`);
          else out.push(`${indent}if (${a} !== undefined) {`);
          const inner = prop.required ? indent : `${indent}  `;
          out.push(`${inner}n${n}++;`);
          const text = this.write(prop.node, a, out, inner);
          const withComma = JSON.stringify(`,${key}:`);
          const bare = JSON.stringify(`${key}:`);
          const prefix =
            someBefore || k === 0 ? (k === 0 ? bare : withComma) : `(${w}.length === 1 ? ${bare} : ${withComma})`;
          out.push(`${inner}${w} += ${prefix} + ${text};`);
          if (!prop.required) out.push(`${indent}}`);
          if (prop.required) someBefore = true;
        });
        // any own or inherited enumerable key beyond the ones written: not ours to write (or not valid)
        out.push(`${indent}let t${n} = 0;`, `${indent}for (const _k in ${o}) t${n}++;`);
        out.push(`${indent}if (t${n} !== n${n}) return undefined;`);
        return `${w} + "}"`;
      }
    }
  }
}
