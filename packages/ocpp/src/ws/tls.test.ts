import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcppClient } from "./client.js";
import { createMemoryStationCredentials } from "./credentials.js";
import { createOcppServer } from "./server.js";
import type { OcppServer } from "./server-types.js";

/** Throwaway PKI made with the openssl CLI: a CA, a server certificate for 127.0.0.1, station certificates. */
interface Pki {
  ca: string;
  serverKey: string;
  serverCert: string;
  stationKey: string;
  stationCert: string;
  rogueKey: string;
  rogueCert: string;
}

let dir = "";
let pki: Pki;

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ocpp-tls-"));
  openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
  openssl("req", "-x509", "-new", "-key", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=chargekit test CA");
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  writeFileSync(join(dir, "client.ext"), "extendedKeyUsage=clientAuth\n");
  for (const [name, cn] of [
    ["server", "localhost"],
    ["station", "CP-1"],
    ["rogue", "CP-1"],
  ] as const) {
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${name}.key`);
    openssl("req", "-new", "-key", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
  }
  const sign = (name: string, ext: string) =>
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "1",
      "-extfile",
      ext,
    );
  sign("server", "server.ext");
  sign("station", "client.ext");
  // the rogue certificate names the same identity but is self-signed
  openssl(
    "x509",
    "-req",
    "-in",
    "rogue.csr",
    "-key",
    "rogue.key",
    "-out",
    "rogue.crt",
    "-days",
    "1",
    "-extfile",
    "client.ext",
  );
  const read = (f: string) => readFileSync(join(dir, f), "utf8");
  pki = {
    ca: read("ca.crt"),
    serverKey: read("server.key"),
    serverCert: read("server.crt"),
    stationKey: read("station.key"),
    stationCert: read("station.crt"),
    rogueKey: read("rogue.key"),
    rogueCert: read("rogue.crt"),
  };
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

const servers: OcppServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close({ timeoutMs: 100 });
});

async function connect(
  url: string,
  identity: string,
  tls: { ca?: string; cert?: string; key?: string },
  password?: string,
) {
  const client = createOcppClient({
    url,
    identity,
    protocols: ["ocpp2.0.1"],
    reconnect: false,
    pingIntervalMs: 0,
    tls,
    ...(password === undefined ? {} : { password }),
  });
  try {
    return await client.connect();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.close();
  }
}

describe("Security Profile 2 (TLS + HTTP Basic)", () => {
  it("accepts a station that trusts the CSMS certificate and knows its password", async () => {
    const credentials = createMemoryStationCredentials();
    await credentials.setPassword("CP-1", "s3cret");
    const server = createOcppServer({ securityProfile: 2, credentials, basePath: "/ocpp", pingIntervalMs: 0 });
    servers.push(server);
    const { port } = await server.listen({
      port: 0,
      host: "127.0.0.1",
      tls: { key: pki.serverKey, cert: pki.serverCert },
    });
    const url = `wss://127.0.0.1:${port}/ocpp`;
    expect(await connect(url, "CP-1", { ca: pki.ca }, "s3cret")).toBe("ocpp2.0.1");
    expect(await connect(url, "CP-1", { ca: pki.ca }, "wrong")).toMatch(/HTTP 401/);
    expect(await connect(url, "CP-1", {}, "s3cret")).toMatch(/certificate/i); // the station must verify the CSMS
  });

  it("refuses profile 2 without TLS", async () => {
    const credentials = createMemoryStationCredentials();
    const server = createOcppServer({ securityProfile: 2, credentials, basePath: "/ocpp", pingIntervalMs: 0 });
    servers.push(server);
    const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
    expect(await connect(`ws://127.0.0.1:${port}/ocpp`, "CP-1", {}, "x")).toMatch(/HTTP 400/);
  });
});

describe("Security Profile 3 (TLS client certificates)", () => {
  it("accepts a certificate from the station CA naming the identity, refuses others with 401", async () => {
    const server = createOcppServer({ securityProfile: 3, basePath: "/ocpp", pingIntervalMs: 0 });
    servers.push(server);
    const { port } = await server.listen({
      port: 0,
      host: "127.0.0.1",
      tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.ca },
    });
    const url = `wss://127.0.0.1:${port}/ocpp`;
    expect(await connect(url, "CP-1", { ca: pki.ca, cert: pki.stationCert, key: pki.stationKey })).toBe("ocpp2.0.1");
    expect(await connect(url, "CP-2", { ca: pki.ca, cert: pki.stationCert, key: pki.stationKey })).toMatch(/HTTP 401/);
    expect(await connect(url, "CP-1", { ca: pki.ca, cert: pki.rogueCert, key: pki.rogueKey })).toMatch(/HTTP 401/);
    expect(await connect(url, "CP-1", { ca: pki.ca })).toMatch(/HTTP 401/);
  });
});
