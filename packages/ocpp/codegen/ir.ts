import { checkKeywords, fixEnumValues } from "./fixes.js";
import type { SchemaFile } from "./load.js";

/** A schema node in the generator's intermediate form (after the fixes in `fixes.ts`). */
export type Node =
  | { readonly kind: "ref"; readonly name: string }
  | { readonly kind: "object"; readonly props: readonly Prop[]; readonly closed: boolean }
  | { readonly kind: "array"; readonly items: Node; readonly minItems?: number; readonly maxItems?: number }
  | { readonly kind: "string"; readonly maxLength?: number; readonly format?: "date-time" | "uri" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | {
      readonly kind: "integer" | "number";
      readonly minimum?: number;
      readonly maximum?: number;
      readonly multipleOf?: number;
    }
  | { readonly kind: "boolean" }
  | { readonly kind: "any" };

/** One property of an object node. */
export interface Prop {
  readonly name: string;
  readonly required: boolean;
  readonly node: Node;
  readonly description?: string;
  readonly defaultValue?: unknown;
}

/** A named type: a `definitions` entry, or (OCPP 1.6) a hoisted inline object or enum. */
export interface NamedType {
  /** Name inside its file (before de-duplication across files). */
  readonly localName: string;
  readonly node: Node;
  readonly description?: string;
}

/** One message schema in intermediate form. */
export interface MessageIr {
  readonly file: SchemaFile;
  /** `AuthorizeRequest`, `AuthorizeResponse`. */
  readonly name: string;
  readonly node: Node;
  readonly description?: string;
  /** Named types of this file by local name. */
  readonly types: ReadonlyMap<string, NamedType>;
}

/** Chooses a name for an inline object or enum (OCPP 1.6 only); `path` lists property names from the root. */
export type InlineNamer = (message: string, path: readonly string[]) => string;

const OBJECT_PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Converts one schema file into the intermediate form. */
export function toIr(file: SchemaFile, nameInline: InlineNamer): MessageIr {
  const name = `${file.action}${file.kind === "request" ? "Request" : "Response"}`;
  const types = new Map<string, NamedType>();
  const definitions = (file.schema["definitions"] ?? {}) as Record<string, Record<string, unknown>>;

  const addType = (localName: string, node: Node, description: string | undefined, where: string): void => {
    const existing = types.get(localName);
    if (existing !== undefined) {
      if (JSON.stringify(existing.node) !== JSON.stringify(node)) {
        throw new Error(`${where}: two different inline types would both be named ${localName}`);
      }
      return;
    }
    types.set(localName, description === undefined ? { localName, node } : { localName, node, description });
  };

  const convert = (raw: Record<string, unknown>, path: readonly string[], hoist: boolean): Node => {
    const where = `${file.file}#/${path.join("/")}`;
    checkKeywords(raw, where);
    const ref = raw["$ref"];
    if (typeof ref === "string") {
      const match = /^#\/definitions\/([A-Za-z0-9_]+)$/.exec(ref);
      if (match?.[1] === undefined || definitions[match[1]] === undefined) throw new Error(`${where}: bad $ref ${ref}`);
      return { kind: "ref", name: match[1] };
    }
    const type = raw["type"] ?? (raw["properties"] !== undefined ? "object" : undefined);
    const description = typeof raw["description"] === "string" ? raw["description"] : undefined;
    let node: Node;
    if (Array.isArray(raw["enum"])) {
      if (type !== "string") throw new Error(`${where}: enum of type ${String(type)}`);
      node = { kind: "enum", values: fixEnumValues(raw["enum"] as string[]) };
    } else if (type === "object") {
      const properties = (raw["properties"] ?? {}) as Record<string, Record<string, unknown>>;
      const required = new Set((raw["required"] ?? []) as string[]);
      for (const r of required) if (!(r in properties)) throw new Error(`${where}: required ${r} is not a property`);
      const props: Prop[] = Object.entries(properties).map(([key, value]) => {
        if (OBJECT_PROTO_KEYS.has(key)) throw new Error(`${where}: property name ${key} shadows Object.prototype`);
        const child = convert(value, [...path, key], true);
        const doc = typeof value["description"] === "string" ? value["description"] : undefined;
        return {
          name: key,
          required: required.has(key),
          node: child,
          ...(doc === undefined ? {} : { description: doc }),
          ...(value["default"] === undefined ? {} : { defaultValue: value["default"] }),
        };
      });
      node = { kind: "object", props, closed: raw["additionalProperties"] === false };
    } else if (type === "array") {
      const items = raw["items"];
      if (typeof items !== "object" || items === null || Array.isArray(items)) throw new Error(`${where}: items`);
      node = {
        kind: "array",
        items: convert(items as Record<string, unknown>, path, true),
        ...numberField(raw, "minItems"),
        ...numberField(raw, "maxItems"),
      };
    } else if (type === "string") {
      const format = raw["format"] as "date-time" | "uri" | undefined;
      node = { kind: "string", ...numberField(raw, "maxLength"), ...(format === undefined ? {} : { format }) };
    } else if (type === "integer" || type === "number") {
      node = {
        kind: type,
        ...numberField(raw, "minimum"),
        ...numberField(raw, "maximum"),
        ...numberField(raw, "multipleOf"),
      };
    } else if (type === "boolean") {
      node = { kind: "boolean" };
    } else if (type === undefined && Object.keys(raw).every((k) => k === "description")) {
      node = { kind: "any" };
    } else {
      throw new Error(`${where}: unsupported type ${JSON.stringify(type)}`);
    }
    if (hoist && (node.kind === "object" || node.kind === "enum")) {
      const local = nameInline(name, path);
      addType(local, node, description, where);
      return { kind: "ref", name: local };
    }
    return node;
  };

  for (const [defName, def] of Object.entries(definitions)) {
    const node = convert(def, [`#${defName}`], false);
    const description = typeof def["description"] === "string" ? def["description"] : undefined;
    addType(defName, node, description, `${file.file}#/definitions/${defName}`);
  }
  const root = convert(file.schema, [], false);
  if (root.kind !== "object") throw new Error(`${file.file}: the root is not an object`);
  const description = typeof file.schema["description"] === "string" ? file.schema["description"] : undefined;
  return { file, name, node: root, types, ...(description === undefined ? {} : { description }) };
}

function numberField<K extends string>(raw: Record<string, unknown>, key: K): { [P in K]?: number } {
  const value = raw[key];
  if (value === undefined) return {};
  if (typeof value !== "number") throw new Error(`${key} is not a number`);
  return { [key]: value } as { [P in K]?: number };
}
