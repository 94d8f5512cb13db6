import type { MessageIr, NamedType, Node } from "./ir.js";

/** A named type after de-duplication across the files of one version. */
export interface ResolvedType {
  /** Final, version-unique name. */
  readonly name: string;
  readonly node: Node;
  readonly description?: string;
  /** Actions whose messages use it. */
  readonly actions: ReadonlySet<string>;
  /** Message names whose files declare it (for generated docs). */
  readonly messages: readonly string[];
}

/** A message with its references rewritten to final type names. */
export interface ResolvedMessage {
  readonly ir: MessageIr;
  readonly node: Node;
}

/** The de-duplicated types and messages of one version. */
export interface ResolvedVersion {
  readonly types: ReadonlyMap<string, ResolvedType>;
  readonly messages: readonly ResolvedMessage[];
}

/**
 * Merges the named types of all files of a version. Types with the same name and the same structure (ignoring
 * descriptions) become one; when files disagree under one name (e.g. `ChargingProfilePurposeEnumType` has fewer
 * values in ClearChargingProfileRequest), the variant used by most files keeps the name and each other variant is
 * prefixed with the first message that uses it.
 */
export function resolveVersion(messages: readonly MessageIr[]): ResolvedVersion {
  const signatures = messages.map((m) => signatureTable(m));
  interface Variant {
    sig: string;
    users: { message: MessageIr; local: NamedType }[];
  }
  const byName = new Map<string, Map<string, Variant>>();
  messages.forEach((message, i) => {
    for (const local of message.types.values()) {
      const sig = signatures[i]?.get(local.localName) ?? "";
      const variants = byName.get(local.localName) ?? new Map<string, Variant>();
      byName.set(local.localName, variants);
      const variant = variants.get(sig) ?? { sig, users: [] };
      variants.set(sig, variant);
      variant.users.push({ message, local });
    }
  });

  const finalName = new Map<string, string>(); // `${messageName}\0${localName}` -> final
  const types = new Map<string, ResolvedType>();
  const messageNames = new Set(messages.map((m) => m.name));
  const pending: { name: string; variant: Variant }[] = [];
  for (const [localName, variants] of [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ordered = [...variants.values()].sort(
      (a, b) => b.users.length - a.users.length || compare(a.users[0]?.message.name, b.users[0]?.message.name),
    );
    ordered.forEach((variant, index) => {
      const first = variant.users[0]?.message.name ?? "";
      const name = index === 0 ? localName : `${first}${localName}`;
      if (messageNames.has(name) || types.has(name)) throw new Error(`type name collision: ${name}`);
      for (const user of variant.users) finalName.set(`${user.message.name}\0${localName}`, name);
      pending.push({ name, variant });
      types.set(name, { name, node: { kind: "boolean" }, actions: new Set(), messages: [] });
    });
  }
  for (const { name, variant } of pending) {
    const [first] = variant.users;
    if (first === undefined) continue;
    const description = variant.users.map((u) => u.local.description).find((d) => d !== undefined);
    types.set(name, {
      name,
      node: rewrite(first.local.node, first.message.name, finalName),
      ...(description === undefined ? {} : { description }),
      actions: new Set(variant.users.map((u) => u.message.file.action)),
      messages: [...new Set(variant.users.map((u) => u.message.name))],
    });
  }
  return {
    types,
    messages: messages.map((ir) => ({ ir, node: rewrite(ir.node, ir.name, finalName) })),
  };
}

function compare(a: string | undefined, b: string | undefined): number {
  return (a ?? "") < (b ?? "") ? -1 : (a ?? "") > (b ?? "") ? 1 : 0;
}

function rewrite(node: Node, message: string, finalName: ReadonlyMap<string, string>): Node {
  switch (node.kind) {
    case "ref": {
      const name = finalName.get(`${message}\0${node.name}`);
      if (name === undefined) throw new Error(`${message}: unresolved reference ${node.name}`);
      return { kind: "ref", name };
    }
    case "object":
      return { ...node, props: node.props.map((p) => ({ ...p, node: rewrite(p.node, message, finalName) })) };
    case "array":
      return { ...node, items: rewrite(node.items, message, finalName) };
    default:
      return node;
  }
}

/** Structural signature of each named type of a message, references expanded, descriptions and defaults left out. */
function signatureTable(message: MessageIr): Map<string, string> {
  const table = new Map<string, string>();
  const visiting = new Set<string>();
  const sigOfType = (name: string): string => {
    const known = table.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`${message.name}: recursive type ${name}`);
    visiting.add(name);
    const type = message.types.get(name);
    if (type === undefined) throw new Error(`${message.name}: missing type ${name}`);
    const sig = sigOf(type.node);
    visiting.delete(name);
    table.set(name, sig);
    return sig;
  };
  const sigOf = (node: Node): string => {
    switch (node.kind) {
      case "ref":
        return `ref(${sigOfType(node.name)})`;
      case "object":
        return `object(${node.closed},${node.props.map((p) => `${p.name}${p.required ? "!" : "?"}:${sigOf(p.node)}`).join(",")})`;
      case "array":
        return `array(${node.minItems},${node.maxItems},${sigOf(node.items)})`;
      default:
        return JSON.stringify(node);
    }
  };
  for (const name of message.types.keys()) sigOfType(name);
  return table;
}
