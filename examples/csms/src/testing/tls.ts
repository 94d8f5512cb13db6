import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway self-signed certificate for 127.0.0.1 and the folder it lives in. */
export interface TestCertificate {
  /** PEM certificate (also the CA a client must trust). */
  readonly certFile: string;
  /** PEM private key. */
  readonly keyFile: string;
  /** Deletes the folder. */
  remove(): void;
}

/**
 * Makes a self-signed P-256 certificate valid one day for `CN=127.0.0.1` with the IP as subject alternative name,
 * with the openssl CLI, in a fresh temporary folder named after `prefix`.
 */
export function selfSignedCertificate(prefix = "chargekit-tls-"): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
      ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyFile, "-out", certFile],
    ],
    { stdio: "pipe" },
  );
  return { certFile, keyFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
