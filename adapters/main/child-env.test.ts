import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childEnvironment, currentSecretValues, describeSecretVariables, secretValues } from "./child-env.ts";

describe("the environment of Ursa's children", () => {
  const env = { PATH: "/bin", ANTHROPIC_API_KEY: "sk-ant-1234567", GROQ_API_KEY: "gsk-1234567", URSA_SYNC_TOKEN: "tok-1234567", COPY: "sk-ant-1234567", CUSTOM_SECRET: "x-from-file-99" };
  const keys = { CUSTOM_SECRET: "x-from-file-99", OPENAI_API_KEY: "sk-openai-777" };

  it("has no provider key, no sync token, nothing keys.json names and no copy of a secret's value", () => {
    expect(childEnvironment(env, keys)).toEqual({ PATH: "/bin" });
  });

  it("treats GOOGLE_API_KEY, Gemini's other variable, as a secret", () => {
    const google = { PATH: "/bin", GOOGLE_API_KEY: "AIza-google-123" };
    expect(childEnvironment(google, {})).toEqual({ PATH: "/bin" });
    expect(secretValues(google, {})).toEqual(["AIza-google-123"]);
  });

  it("knows every secret's value, from the environment and from keys.json", () => {
    expect([...secretValues(env, keys)].sort()).toEqual(["gsk-1234567", "sk-ant-1234567", "sk-openai-777", "tok-1234567", "x-from-file-99"]);
  });

  it("says what each secret variable holds, for the plugin consent screen", () => {
    const words = describeSecretVariables(keys);
    expect(words.get("ANTHROPIC_API_KEY")).toBe("your Anthropic API key");
    expect(words.get("OPENAI_API_KEY")).toBe("your OpenAI API key");
    expect(words.get("GEMINI_API_KEY")).toBe("your Gemini API key");
    expect(words.get("GOOGLE_API_KEY")).toBe("your Gemini API key");
    expect(words.get("URSA_SYNC_TOKEN")).toBe("your Ursa sync token");
    expect(words.get("CUSTOM_SECRET")).toBe("a key from your keys.json");
    expect(words.has("PATH")).toBe(false);
  });
});

describe("the secret values as they are now", () => {
  it("takes a key written to keys.json while Ursa runs, and keeps one taken out of it", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ursa-secrets-"));
    const keysFile = join(dataDir, "keys.json");
    const current = currentSecretValues({ ANTHROPIC_API_KEY: "sk-ant-from-env" }, dataDir, {});
    expect(current()).toEqual(["sk-ant-from-env"]);
    writeFileSync(keysFile, JSON.stringify({ OPENAI_API_KEY: "sk-openai-written-later" }), { mode: 0o600 });
    expect(current()).toEqual(["sk-ant-from-env", "sk-openai-written-later"]);
    writeFileSync(keysFile, JSON.stringify({ OPENAI_API_KEY: "sk-openai-replaced" }), { mode: 0o600 });
    // A write within the same clock tick as the last read still counts as a change.
    utimesSync(keysFile, new Date(), new Date(Date.now() + 5_000));
    expect(current()).toEqual(["sk-ant-from-env", "sk-openai-written-later", "sk-openai-replaced"]);
  });
});
