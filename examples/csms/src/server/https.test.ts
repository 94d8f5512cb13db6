import { readFileSync } from "node:fs";
import { get } from "node:https";
import { silentLogger } from "@chargekit/core";
import { afterAll, describe, expect, it } from "vitest";
import { testConfig } from "../testing/config.js";
import { selfSignedCertificate } from "../testing/tls.js";
import { createServer } from "./create-server.js";

describe("HTTPS", () => {
  const certificate = selfSignedCertificate();
  afterAll(() => certificate.remove());

  it("serves the API over TLS with HSTS when http.tls is set", async () => {
    const tls = { certFile: certificate.certFile, keyFile: certificate.keyFile };
    const server = createServer(testConfig([], { http: { port: 0, tls } }), { logger: silentLogger });
    const urls = await server.start();
    try {
      expect(urls.http).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await new Promise<{ status: number; hsts: string | undefined; body: string }>((resolve, reject) => {
        get(`${urls.http}/healthz`, { ca: readFileSync(tls.certFile) }, (r) => {
          let body = "";
          r.on("data", (chunk: Buffer) => {
            body += chunk.toString();
          });
          r.on("end", () => resolve({ status: r.statusCode ?? 0, hsts: r.headers["strict-transport-security"], body }));
        }).on("error", reject);
      });
      expect(res).toEqual({ status: 200, hsts: "max-age=31536000", body: '{"status":"ok"}' });
    } finally {
      await server.stop("test over");
    }
  });
});
