import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { UsageError } from "./cli-args.ts";

/**
 * Access tokens for a self-hosted sqld started with `--auth-jwt-key-file <public.pem>`: EdDSA
 * JWTs signed with the matching Ed25519 private key. sqld reads `exp` (seconds; it allows 60 s
 * of clock skew), `a: "ro"` for a read-only token, and `p: {rw|ro: {ns: [...]}}` to limit a
 * token to some namespaces (it then answers 404 for the others, hiding that they exist).
 */
export interface SyncTokenOptions {
  readonly readOnly: boolean;
  /** Days until the token expires. */
  readonly days: number;
  /** Limit the token to this namespace (sqld started with --enable-namespaces). */
  readonly namespace?: string;
  /** Seconds since the epoch; the clock by default. */
  readonly now?: number;
}

export const DEFAULT_TOKEN_DAYS = 90;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The claims sqld expects: `{}` is full access, `{"a":"ro"}` read-only, both with `exp`. */
export function syncTokenClaims(options: SyncTokenOptions): Record<string, unknown> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iat: now, exp: now + Math.round(options.days * 86_400) };
  if (options.namespace !== undefined) {
    claims["p"] = { [options.readOnly ? "ro" : "rw"]: { ns: [options.namespace] } };
  } else if (options.readOnly) {
    claims["a"] = "ro";
  }
  return claims;
}

/** Signs the claims with an Ed25519 private key (PEM, PKCS#8 as `openssl genpkey -algorithm ed25519` writes). */
export function mintSyncToken(privateKey: KeyObject, options: SyncTokenOptions): string {
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error(`the key is ${privateKey.asymmetricKeyType ?? "not an asymmetric key"}; sqld's JWT auth needs an Ed25519 private key`);
  }
  const unsigned = `${base64url({ alg: "EdDSA", typ: "JWT" })}.${base64url(syncTokenClaims(options))}`;
  return `${unsigned}.${sign(null, Buffer.from(unsigned), privateKey).toString("base64url")}`;
}

export function readPrivateKey(path: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return createPrivateKey(pem);
  } catch {
    throw new Error(`${path} is not a PEM private key; make one with: openssl genpkey -algorithm ed25519 -out ${path}`);
  }
}

const NAMESPACE = /^[a-z0-9][a-z0-9_-]{0,62}$/i;

/** `ursa sync token --key <ed25519.pem> [--read-only] [--days N] [--namespace NS]` → options. */
export function parseTokenArgs(argv: readonly string[]): { key: string } & SyncTokenOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { key: { type: "string" }, "read-only": { type: "boolean" }, days: { type: "string" }, namespace: { type: "string" } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.key === undefined) throw new UsageError("sync token needs --key <ed25519 private key .pem>");
  const days = v.days === undefined ? DEFAULT_TOKEN_DAYS : Number(v.days);
  if (!Number.isFinite(days) || days <= 0) throw new UsageError(`--days must be a positive number (got "${v.days}")`);
  if (v.namespace !== undefined && !NAMESPACE.test(v.namespace)) throw new UsageError(`--namespace must be letters, digits, "-" or "_" (got "${v.namespace}")`);
  return { key: v.key, readOnly: v["read-only"] ?? false, days, ...(v.namespace !== undefined ? { namespace: v.namespace } : {}) };
}
