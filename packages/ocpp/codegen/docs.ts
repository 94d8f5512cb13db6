import type { Node, Prop } from "./ir.js";

/** Cleans an OCA description for a TSDoc comment: LF line ends, no `@` tags, no comment terminators. */
export function cleanDescription(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .replace(/\*\//g, "*\\/")
    .replace(/@/g, "\\@")
    .replace(/[{}]/g, (c) => `\\${c}`);
}

/** Renders a TSDoc block at `indent`. */
export function tsdoc(paragraphs: readonly string[], indent = ""): string {
  const lines = paragraphs
    .filter((p) => p.length > 0)
    .join("\n\n")
    .split("\n");
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => (l.length === 0 ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

/** The constraint sentence appended to a property's doc (what the validators check beyond the type). */
export function constraintText(node: Node): string {
  const parts: string[] = [];
  switch (node.kind) {
    case "string":
      if (node.maxLength !== undefined) parts.push(`At most ${node.maxLength} characters.`);
      if (node.format === "date-time") parts.push("An RFC 3339 date-time.");
      if (node.format === "uri") parts.push("An absolute URI (RFC 3986).");
      break;
    case "integer":
    case "number":
      if (node.kind === "integer") parts.push("An integer.");
      if (node.minimum !== undefined) parts.push(`At least ${node.minimum}.`);
      if (node.maximum !== undefined) parts.push(`At most ${node.maximum}.`);
      if (node.multipleOf !== undefined) parts.push(`A multiple of ${node.multipleOf}.`);
      break;
    case "array":
      if (node.minItems !== undefined)
        parts.push(`At least ${node.minItems} ${node.minItems === 1 ? "entry" : "entries"}.`);
      if (node.maxItems !== undefined)
        parts.push(`At most ${node.maxItems} ${node.maxItems === 1 ? "entry" : "entries"}.`);
      parts.push(constraintText(node.items).replace(/^(.)/, (c) => (c === "" ? c : `Each entry: ${c.toLowerCase()}`)));
      break;
    default:
      break;
  }
  return parts.filter((p) => p.length > 0 && p !== "Each entry: ").join(" ");
}

/** The doc paragraphs of a property. */
export function propDoc(prop: Prop, owner: string, label: string): string[] {
  const main =
    prop.node.kind === "any" && prop.description !== undefined
      ? `${cleanDescription(prop.description)}\n\nAny JSON value.`
      : prop.description === undefined
        ? `\`${prop.name}\` of ${owner} (${label}).`
        : cleanDescription(prop.description);
  const extra = [prop.required ? "" : "Optional.", constraintText(prop.node)].filter((s) => s.length > 0).join(" ");
  const paragraphs = [main];
  if (extra.length > 0) paragraphs.push(extra);
  if (prop.defaultValue !== undefined) paragraphs.push(`@defaultValue \`${JSON.stringify(prop.defaultValue)}\``);
  return paragraphs;
}
