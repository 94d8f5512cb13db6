import { readFileSync } from "node:fs";
import { z } from "zod";
import { httpError } from "../http/errors.js";
import { DASHBOARD_CSP } from "../http/headers.js";
import { defineRoute, type Route } from "../http/route.js";

/** The dashboard's files (plain HTML, CSS and ES modules; no build step) and their media types. */
export const DASHBOARD_FILES: Readonly<Record<string, string>> = {
  "index.html": "text/html; charset=utf-8",
  "dashboard.css": "text/css; charset=utf-8",
  "dashboard.js": "text/javascript; charset=utf-8",
  "stream.js": "text/javascript; charset=utf-8",
  "render.js": "text/javascript; charset=utf-8",
  "chart.js": "text/javascript; charset=utf-8",
};

/** Where the files are: `public/` of this package (the same relative place from `src/` and from `dist/`). */
export const DASHBOARD_DIR = new URL("../../public/", import.meta.url).pathname;

/**
 * The routes serving the dashboard shell: `GET /` (the page) and `GET /dashboard/:file` for the listed files only,
 * read once at start. The shell is public (it holds no data); the data comes from the operator-only API.
 */
export function dashboardStaticRoutes(dir: string = DASHBOARD_DIR): Route[] {
  const files = new Map(
    Object.entries(DASHBOARD_FILES).map(([name, type]) => [name, { type, body: readFileSync(`${dir}${name}`) }]),
  );
  const send = (name: string) => {
    const file = files.get(name);
    if (file === undefined) throw httpError("NOT_FOUND", `no dashboard file ${name}`);
    return {
      raw: (res: import("node:http").ServerResponse) => {
        res.statusCode = 200;
        res.setHeader("Content-Type", file.type);
        res.setHeader("Content-Length", file.body.length);
        res.setHeader("Cache-Control", "no-cache");
        if (name.endsWith(".html")) res.setHeader("Content-Security-Policy", DASHBOARD_CSP);
        res.end(file.body);
      },
    };
  };
  return [
    defineRoute({
      method: "GET",
      path: "/",
      roles: "public",
      summary: "The operator dashboard (HTML page)",
      tags: ["dashboard"],
      responses: { 200: { contentType: "text/html", description: "the dashboard page" } },
      handler: () => send("index.html"),
    }),
    defineRoute({
      method: "GET",
      path: "/dashboard/:file",
      roles: "public",
      summary: "A static file of the dashboard (CSS, JavaScript modules)",
      tags: ["dashboard"],
      params: z.object({ file: z.enum(Object.keys(DASHBOARD_FILES) as [string, ...string[]]) }),
      responses: { 200: { contentType: "text/javascript", description: "a script or stylesheet" } },
      handler: ({ params }) => send(params.file),
    }),
  ];
}
