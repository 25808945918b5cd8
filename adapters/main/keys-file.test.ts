import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/cli.ts";
import { readKeysFile, setKeysFileEntry } from "./keys-file.ts";
import { ConfiguredProviders } from "./providers.ts";

describe("keys.json", () => {
  it("is read when only its owner can read it", () => {
    const dir = tempDir("ursa-keys-");
    writeFileSync(join(dir, "keys.json"), JSON.stringify({ ANTHROPIC_API_KEY: "sk-file", IGNORED: 3 }), { mode: 0o600 });
    expect(readKeysFile(dir)).toEqual({ keys: { ANTHROPIC_API_KEY: "sk-file" }, problem: null });
  });

  it("is refused, with the fix, when others can read it", () => {
    const dir = tempDir("ursa-keys-");
    writeFileSync(join(dir, "keys.json"), "{}");
    chmodSync(join(dir, "keys.json"), 0o644);
    expect(readKeysFile(dir)).toEqual({ keys: {}, problem: `${join(dir, "keys.json")} is readable by other users; run: chmod 600 ${join(dir, "keys.json")}` });
  });

  it("says what is wrong with malformed JSON, and is optional", () => {
    const dir = tempDir("ursa-keys-");
    expect(readKeysFile(dir)).toEqual({ keys: {}, problem: null });
    writeFileSync(join(dir, "keys.json"), "{nope", { mode: 0o600 });
    expect(readKeysFile(dir).problem).toMatch(/is not valid JSON .*should look like/);
    expect(readKeysFile(dir).keys).toEqual({});
  });

  it("does not wait for a writer when it is a FIFO", () => {
    const dir = tempDir("ursa-keys-");
    execFileSync("mkfifo", ["-m", "600", join(dir, "keys.json")]);
    expect(readKeysFile(dir)).toEqual({ keys: {}, problem: `${join(dir, "keys.json")} is not a regular file; replace it with one like {"ANTHROPIC_API_KEY": "sk-..."}` });
  });

  it("supplies a key the environment lacks; the environment wins", () => {
    const fromFile = new ConfiguredProviders({ env: {}, keys: { ANTHROPIC_API_KEY: "sk-file" }, maxTokens: 1000 });
    expect(fromFile.missingKey("anthropic")).toBeNull();
    const none = new ConfiguredProviders({ env: {}, keys: {}, maxTokens: 1000 });
    expect(none.missingKey("anthropic")).toMatch(/^No API key for anthropic: set ANTHROPIC_API_KEY/);
    expect(none.missingKey("nope")).toMatch(/^Unknown provider "nope"; available: anthropic/);
  });

  it("sets and removes one entry, keeping the others and mode 600", () => {
    const dir = tempDir("ursa-keys-");
    writeFileSync(join(dir, "keys.json"), JSON.stringify({ ANTHROPIC_API_KEY: "sk-file" }), { mode: 0o600 });
    setKeysFileEntry(dir, "URSA_SYNC_TOKEN", "eyJ.token");
    expect(readKeysFile(dir)).toEqual({ keys: { ANTHROPIC_API_KEY: "sk-file", URSA_SYNC_TOKEN: "eyJ.token" }, problem: null });
    expect(statSync(join(dir, "keys.json")).mode & 0o777).toBe(0o600);
    setKeysFileEntry(dir, "URSA_SYNC_TOKEN", null);
    expect(JSON.parse(readFileSync(join(dir, "keys.json"), "utf8"))).toEqual({ ANTHROPIC_API_KEY: "sk-file" });

    const fresh = tempDir("ursa-keys-");
    setKeysFileEntry(fresh, "URSA_SYNC_TOKEN", "t");
    expect(statSync(join(fresh, "keys.json")).mode & 0o777).toBe(0o600);
  });

  it("leaves a broken keys.json as it is, saying why, instead of replacing the keys it holds", () => {
    const dir = tempDir("ursa-keys-");
    writeFileSync(join(dir, "keys.json"), '{"ANTHROPIC_API_KEY": "sk-file",', { mode: 0o600 });
    expect(() => setKeysFileEntry(dir, "URSA_SYNC_TOKEN", "t")).toThrow(/is not valid JSON/);
    expect(readFileSync(join(dir, "keys.json"), "utf8")).toBe('{"ANTHROPIC_API_KEY": "sk-file",');
  });
});
