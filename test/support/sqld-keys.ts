import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A per-run Ed25519 key pair for sqld's JWT auth: the public half as the SPKI PEM sqld's
 * `--auth-jwt-key-file` reads, the private half as the PKCS#8 PEM `ursa sync token --key` reads.
 */
export function makeSqldKeys(dir: string): { publicKeyFile: string; privateKeyFile: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const publicKeyFile = join(dir, "sqld-public.pem");
  const privateKeyFile = join(dir, "sqld-private.pem");
  writeFileSync(publicKeyFile, publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(privateKeyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  return { publicKeyFile, privateKeyFile, privateKey };
}
