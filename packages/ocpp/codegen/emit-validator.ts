import type { Node } from "./ir.js";

/**
 * Emits the specialised validator of one node as the body of
 * `function v(d: unknown, e: Violation[] | undefined, p: string): boolean`.
 *
 * Fast mode (`e` undefined) returns false at the first violation and never builds a path string; collect mode
 * records every violation with its JSON pointer and keeps going.
 */
export class ValidatorWriter {
  private seq = 0;
  /** Module-level constants (enum sets) this file needs. */
  readonly constants: string[] = [];
  /** Runtime helpers used (imported from the validation runtime). */
  readonly helpers = new Set<string>();
  /** Other validators referenced by name. */
  readonly refs = new Set<string>();

  private readonly validatorName: (typeName: string) => string;
  private readonly typeNode: (typeName: string) => Node;

  constructor(validatorName: (typeName: string) => string, typeNode: (typeName: string) => Node) {
    this.validatorName = validatorName;
    this.typeNode = typeNode;
  }

  /** The full function declaration. */
  fn(name: string, node: Node, exported: boolean): string {
    this.helpers.add("Violation");
    const body: string[] = [];
    this.check(node, "d", "p", body, "  ");
    const text = body.join("\n");
    const usesE = /\be\b/.test(text);
    const usesP = /\bp\b/.test(text);
    const usesOk = /\bok = false\b/.test(text);
    return [
      `${exported ? "export " : ""}function ${name}(d: unknown, ${usesE ? "e" : "_e"}: Violation[] | undefined, ${usesP ? "p" : "_p"}: string): boolean {`,
      usesOk ? "  let ok = true;" : "",
      text,
      usesOk ? "  return ok;" : "  return true;",
      "}",
    ]
      .filter((l) => l.length > 0)
      .join("\n");
  }

  private expectedOf(node: Node): string {
    if (node.kind === "ref") return this.expectedOf(this.typeNode(node.name));
    return node.kind === "enum" ? "string" : node.kind === "any" ? "value" : node.kind;
  }

  private fail(kind: string, path: string, expected: string, indent: string): string {
    this.helpers.add("violation");
    return `${indent}if (e === undefined) return false;\n${indent}ok = false;\n${indent}e.push(violation("${kind}", ${path}, ${expected}));`;
  }

  private check(node: Node, x: string, path: string, out: string[], indent: string): void {
    const i2 = `${indent}  `;
    switch (node.kind) {
      case "ref": {
        const fn = this.validatorName(node.name);
        this.refs.add(node.name);
        out.push(`${indent}if (!${fn}(${x}, e, e === undefined ? "" : ${path})) {`);
        out.push(`${i2}if (e === undefined) return false;`);
        out.push(`${i2}ok = false;`);
        out.push(`${indent}}`);
        return;
      }
      case "any":
        return;
      case "boolean":
        out.push(`${indent}if (typeof ${x} !== "boolean") {`, this.fail("type", path, '"boolean"', i2), `${indent}}`);
        return;
      case "string": {
        out.push(`${indent}if (typeof ${x} !== "string") {`, this.fail("type", path, '"string"', i2));
        if (node.maxLength !== undefined) {
          this.helpers.add("codePointLength");
          out.push(
            `${indent}} else if (${x}.length > ${node.maxLength} && codePointLength(${x}) > ${node.maxLength}) {`,
          );
          out.push(this.fail("maxLength", path, String(node.maxLength), i2));
        }
        if (node.format !== undefined) {
          const fn = node.format === "date-time" ? "isDateTime" : "isUri";
          this.helpers.add(fn);
          out.push(`${indent}} else if (!${fn}(${x})) {`, this.fail("format", path, JSON.stringify(node.format), i2));
        }
        out.push(`${indent}}`);
        return;
      }
      case "enum": {
        const list = JSON.stringify(node.values);
        let test: string;
        if (node.values.length <= 6) {
          test = node.values.map((v) => `${x} !== ${JSON.stringify(v)}`).join(" && ");
        } else {
          const set = `E${this.seq++}`;
          this.constants.push(`const ${set}: ReadonlySet<string> = new Set(${list});`);
          test = `!${set}.has(${x})`;
        }
        const values = `V${this.seq++}`;
        this.constants.push(`const ${values}: readonly string[] = ${list};`);
        out.push(`${indent}if (typeof ${x} !== "string") {`, this.fail("type", path, '"string"', i2));
        out.push(`${indent}} else if (${test}) {`, this.fail("enum", path, values, i2), `${indent}}`);
        return;
      }
      case "integer":
      case "number": {
        const typeTest =
          node.kind === "integer"
            ? `typeof ${x} !== "number" || !Number.isInteger(${x})`
            : `typeof ${x} !== "number" || !Number.isFinite(${x})`;
        out.push(`${indent}if (${typeTest}) {`, this.fail("type", path, `"${node.kind}"`, i2));
        if (node.minimum !== undefined) {
          out.push(
            `${indent}} else if (${x} < ${node.minimum}) {`,
            this.fail("minimum", path, String(node.minimum), i2),
          );
        }
        if (node.maximum !== undefined) {
          out.push(
            `${indent}} else if (${x} > ${node.maximum}) {`,
            this.fail("maximum", path, String(node.maximum), i2),
          );
        }
        if (node.multipleOf !== undefined) {
          this.helpers.add("isMultipleOf");
          out.push(
            `${indent}} else if (!isMultipleOf(${x}, ${node.multipleOf})) {`,
            this.fail("multipleOf", path, String(node.multipleOf), i2),
          );
        }
        out.push(`${indent}}`);
        return;
      }
      case "array": {
        const n = this.seq++;
        out.push(`${indent}if (!Array.isArray(${x})) {`, this.fail("type", path, '"array"', i2), `${indent}} else {`);
        if (node.minItems !== undefined) {
          out.push(
            `${i2}if (${x}.length < ${node.minItems}) {`,
            this.fail("minItems", path, String(node.minItems), `${i2}  `),
            `${i2}}`,
          );
        }
        if (node.maxItems !== undefined) {
          out.push(
            `${i2}if (${x}.length > ${node.maxItems}) {`,
            this.fail("maxItems", path, String(node.maxItems), `${i2}  `),
            `${i2}}`,
          );
        }
        out.push(`${i2}for (let i${n} = 0; i${n} < ${x}.length; i${n}++) {`);
        out.push(`${i2}  const y${n}: unknown = ${x}[i${n}];`);
        this.check(node.items, `y${n}`, `${path} + "/" + i${n}`, out, `${i2}  `);
        out.push(`${i2}}`, `${indent}}`);
        return;
      }
      case "object": {
        const n = this.seq++;
        const o = `o${n}`;
        out.push(
          `${indent}if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) {`,
          this.fail("type", path, '"object"', i2),
          `${indent}} else {`,
        );
        out.push(`${i2}const ${o} = ${x} as Record<string, unknown>;`);
        if (node.closed) out.push(`${i2}let n${n} = 0;`);
        node.props.forEach((prop, k) => {
          const a = `a${n}_${k}`;
          const key = JSON.stringify(prop.name);
          const childPath = `${path} + ${JSON.stringify(`/${escapePointer(prop.name)}`)}`;
          out.push(`${i2}const ${a} = ${o}[${key}];`);
          out.push(`${i2}if (${a} === undefined) {`);
          if (prop.required) out.push(this.fail("required", childPath, "undefined", `${i2}  `));
          out.push(`${i2}} else {`);
          if (node.closed) out.push(`${i2}  n${n}++;`);
          if (prop.node.kind === "any") {
            out.push(`${i2}}`);
            return;
          }
          out.push(`${i2}  if (${a} === null) {`);
          if (prop.required) {
            out.push(this.fail("type", childPath, `"${this.expectedOf(prop.node)}"`, `${i2}    `));
          } else {
            this.helpers.add("nullViolation");
            out.push(
              `${i2}    if (e === undefined) return false;`,
              `${i2}    ok = false;`,
              `${i2}    e.push(nullViolation(${childPath}, ${o}, ${key}));`,
            );
          }
          out.push(`${i2}  } else {`);
          this.check(prop.node, a, childPath, out, `${i2}    `);
          out.push(`${i2}  }`, `${i2}}`);
        });
        if (node.closed) {
          const known =
            node.props.length === 0 ? "true" : node.props.map((p) => `k !== ${JSON.stringify(p.name)}`).join(" && ");
          out.push(`${i2}let t${n} = 0;`, `${i2}for (const _k in ${o}) t${n}++;`, `${i2}if (t${n} !== n${n}) {`);
          out.push(`${i2}  for (const k in ${o}) {`, `${i2}    if (!(${known}) || ${o}[k] === undefined) continue;`);
          this.helpers.add("pointerSegment");
          out.push(this.fail("additionalProperty", `${path} + "/" + pointerSegment(k)`, "undefined", `${i2}    `));
          out.push(`${i2}  }`, `${i2}}`);
        }
        out.push(`${indent}}`);
        return;
      }
    }
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
