import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mintSyncToken, parseTokenArgs, syncTokenClaims } from "./sync-token.ts";
import { parseCliArgs } from "./cli-args.ts";

describe("sync tokens", () => {
  it("carries the claims sqld reads: exp, a=ro, or a namespace permission", () => {
    expect(syncTokenClaims({ readOnly: false, days: 1, now: 1000 })).toEqual({ iat: 1000, exp: 1000 + 86_400 });
    expect(syncTokenClaims({ readOnly: true, days: 2, now: 0 })).toEqual({ iat: 0, exp: 172_800, a: "ro" });
    expect(syncTokenClaims({ readOnly: true, days: 1, now: 0, namespace: "bob" })).toMatchObject({ p: { ro: { ns: ["bob"] } } });
    expect(syncTokenClaims({ readOnly: false, days: 1, now: 0, namespace: "alice" })).toMatchObject({ p: { rw: { ns: ["alice"] } } });
  });

  it("is an EdDSA JWT the public key verifies; other key types are refused", () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const token = mintSyncToken(privateKey, { readOnly: false, days: 1 });
    const [header, payload, signature] = token.split(".");
    expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toEqual({ alg: "EdDSA", typ: "JWT" });
    expect(verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature!, "base64url"))).toBe(true);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    expect(() => mintSyncToken(rsa, { readOnly: false, days: 1 })).toThrow("the key is rsa; sqld's JWT auth needs an Ed25519 private key");
  });

  it("parses its flags, with 90 days by default", () => {
    expect(parseTokenArgs(["--key", "k.pem"])).toEqual({ key: "k.pem", readOnly: false, days: 90 });
    expect(parseTokenArgs(["--key", "k.pem", "--read-only", "--days", "7", "--namespace", "alice"])).toEqual({ key: "k.pem", readOnly: true, days: 7, namespace: "alice" });
    expect(() => parseTokenArgs([])).toThrow("sync token needs --key <ed25519 private key .pem>");
    expect(() => parseTokenArgs(["--key", "k", "--namespace", "a.b"])).toThrow('--namespace must be letters, digits, "-" or "_" (got "a.b")');
  });

  it("ursa -p … --local-only is a flag of the headless run", () => {
    expect(parseCliArgs(["-p", "hi", "--local-only"]).localOnly).toBe(true);
    expect(parseCliArgs(["-p", "hi"]).localOnly).toBe(false);
  });
});
