import { describe, expect, it } from "vitest";
import { childEnvironment, describeSecretVariables, secretValues } from "./child-env.ts";

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
