import { ChargekitError } from "@chargekit/core";
import type { HttpMethod, Route } from "./route.js";

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly Segment[];
}

type Segment = { readonly literal: string } | { readonly param: string };

/** The outcome of {@link Router.match}. */
export type RouteMatch =
  | { readonly kind: "found"; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: "method-not-allowed"; readonly allow: readonly HttpMethod[] }
  | { readonly kind: "bad-path"; readonly message: string }
  | { readonly kind: "not-found" };

/** Matches request paths against declared routes. */
export interface Router {
  /** Every route, in registration order. */
  readonly routes: readonly Route[];
  /** The route for `method` and `pathname`, with its decoded path parameters. */
  match(method: string, pathname: string): RouteMatch;
}

/**
 * Compiles routes into a router. Paths are `/`-separated literals and `:name` parameters; a parameter matches one
 * non-empty segment, percent-decoded. Two routes with the same method and shape are a programmer error.
 */
export function createRouter(routes: readonly Route[]): Router {
  const compiled: CompiledRoute[] = [];
  const seen = new Set<string>();
  for (const route of routes) {
    if (!route.path.startsWith("/")) {
      throw new ChargekitError("INVALID_ARGUMENT", `route path must start with "/": ${route.path}`);
    }
    const segments = split(route.path).map(
      (s): Segment => (s.startsWith(":") ? { param: s.slice(1) } : { literal: s }),
    );
    const shape = `${route.method} /${segments.map((s) => ("param" in s ? ":" : s.literal)).join("/")}`;
    if (seen.has(shape)) throw new ChargekitError("INVALID_ARGUMENT", `duplicate route ${route.method} ${route.path}`);
    seen.add(shape);
    compiled.push({ route, segments });
  }
  // Literal segments win over parameters at the same position (`/stations/search` before `/stations/:id`).
  compiled.sort((a, b) => specificity(b) - specificity(a));

  return {
    routes,
    match(method, pathname) {
      const parts = split(pathname);
      const allow = new Set<HttpMethod>();
      for (const { route, segments } of compiled) {
        const params = matchSegments(segments, parts);
        if (params === undefined) continue;
        if (params instanceof Error) return { kind: "bad-path", message: params.message };
        if (route.method === method) return { kind: "found", route, params };
        allow.add(route.method);
      }
      return allow.size > 0 ? { kind: "method-not-allowed", allow: [...allow] } : { kind: "not-found" };
    },
  };
}

function split(path: string): string[] {
  const trimmed = path === "/" ? "" : path.slice(1);
  return trimmed === "" ? [] : trimmed.split("/");
}

function specificity({ segments }: CompiledRoute): number {
  return segments.reduce((score, s, i) => score + ("literal" in s ? 2 ** (16 - Math.min(i, 16)) : 0), 0);
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | Error | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const part = parts[i] ?? "";
    if (segment === undefined) return undefined;
    if ("literal" in segment) {
      if (segment.literal !== part) return undefined;
      continue;
    }
    if (part === "") return undefined;
    try {
      params[segment.param] = decodeURIComponent(part);
    } catch {
      return new Error(`path parameter ${segment.param} is not valid percent-encoding`);
    }
  }
  return params;
}
