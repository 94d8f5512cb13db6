import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@chargekit/core";
import { afterAll, describe, expect, it } from "vitest";
import { testConfig } from "../testing/config.js";
import { createServer } from "./create-server.js";

const dir = mkdtempSync(join(tmpdir(), "chargekit-tls-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function selfSignedCertificate(): { certFile: string; keyFile: string } {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    { stdio: "pipe" },
  );
  return { certFile, keyFile };
}

describe("HTTPS", () => {
  it("serves the API over TLS with HSTS when http.tls is set", async () => {
    const tls = selfSignedCertificate();
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
