import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect } from "../../test/support/provider-testing.ts";
import { startGeminiWireServer, type GeminiWireServer } from "../../test/wire/gemini-wire-server.ts";
import { ConfiguredProviders } from "./providers.ts";

describe("the Gemini key", () => {
  let server: GeminiWireServer;
  beforeAll(async () => {
    server = await startGeminiWireServer();
  });
  afterAll(() => server.close());

  /** The key a request from a provider configured with `env` carries. */
  async function keySent(env: Record<string, string>): Promise<string | undefined> {
    const providers = new ConfiguredProviders({ env: { GEMINI_BASE_URL: server.url, ...env }, keys: {}, maxTokens: 1000 });
    const { provider, settings } = await providers.resolve("gemini", undefined, new AbortController().signal);
    server.enqueue({ type: "message", parts: [{ type: "text", text: "ok" }] });
    await collect(provider.stream({ model: settings.model, system: "s", messages: [{ role: "user", content: "hi" }], tools: [], maxTokens: 100 }, new AbortController().signal));
    return server.requests.at(-1)?.headers["x-goog-api-key"];
  }

  it("is read from GOOGLE_API_KEY too, as Gemini CLI and Google's SDK do", async () => {
    expect(new ConfiguredProviders({ env: { GOOGLE_API_KEY: "g-google" }, keys: {}, maxTokens: 1000 }).missingKey("gemini")).toBeNull();
    expect(new ConfiguredProviders({ env: {}, keys: { GOOGLE_API_KEY: "g-google" }, maxTokens: 1000 }).missingKey("google")).toBeNull();
    expect(await keySent({ GOOGLE_API_KEY: "g-google" })).toBe("g-google");
  });

  it("is GEMINI_API_KEY's when both are set", async () => {
    expect(await keySent({ GOOGLE_API_KEY: "g-google", GEMINI_API_KEY: "g-gemini" })).toBe("g-gemini");
  });

  /** The message of the auth error a provider configured with `env` gets when Gemini refuses its key. */
  async function refusal(env: Record<string, string>): Promise<string> {
    const providers = new ConfiguredProviders({ env: { GEMINI_BASE_URL: server.url, ...env }, keys: {}, maxTokens: 1000 });
    const { provider, settings } = await providers.resolve("gemini", undefined, new AbortController().signal);
    server.enqueue({ type: "http_error", status: 400, errorStatus: "INVALID_ARGUMENT", message: "API key not valid. Please pass a valid API key." });
    const { error } = await collect(provider.stream({ model: settings.model, system: "s", messages: [{ role: "user", content: "hi" }], tools: [], maxTokens: 100 }, new AbortController().signal));
    return (error as Error).message;
  }

  it("a refused key is named by the variable it came from", async () => {
    expect(await refusal({ GOOGLE_API_KEY: "g-google" })).toBe(
      "Gemini rejected the API key from GOOGLE_API_KEY (400: API key not valid. Please pass a valid API key.). Set GOOGLE_API_KEY (or GEMINI_API_KEY, which wins) to a valid key.",
    );
    expect(await refusal({ GOOGLE_API_KEY: "g-google", GEMINI_API_KEY: "g-gemini" })).toBe(
      "Gemini rejected the API key (400: API key not valid. Please pass a valid API key.). Set GEMINI_API_KEY to a valid key.",
    );
  });

  it("names GEMINI_API_KEY when neither is set", () => {
    expect(new ConfiguredProviders({ env: {}, keys: {}, maxTokens: 1000 }).missingKey("gemini")).toBe(
      "No API key for gemini: set GEMINI_API_KEY (export GEMINI_API_KEY=...) or add it to keys.json in Ursa's data directory.",
    );
  });
});

describe("the models offered and checked for a provider", () => {
  const providers = new ConfiguredProviders({ env: {}, keys: {}, maxTokens: 1000 });
  const signal = new AbortController().signal;

  it("are the catalog's for Anthropic, with the families a dated or newer name belongs to", async () => {
    const choices = await providers.models("claude", signal);
    expect(choices.listed).toBe(false);
    expect(choices.models).toContain("claude-haiku-4");
    expect(choices.families).toEqual(expect.arrayContaining(["claude-sonnet-4", "claude-opus-4"]));
    expect(choices.families).not.toContain("gpt-4o");
  });

  it("cannot be checked for a service whose own list could not be had (no key for OpenRouter)", async () => {
    const choices = await providers.models("openrouter", signal);
    expect(choices).toEqual({ models: ["anthropic/claude-sonnet-4.5"], listed: false });
  });
});

describe("a key written to keys.json after start", () => {
  it("is read when the key is asked for, and a keys.json that cannot be used says why", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ursa-keys-"));
    const providers = new ConfiguredProviders({ env: { ANTHROPIC_API_KEY: "" }, keys: {}, maxTokens: 1000, dataDir });
    expect(providers.missingKey("anthropic")).toBe(`No API key for anthropic: set ANTHROPIC_API_KEY (export ANTHROPIC_API_KEY=...) or add it to ${join(dataDir, "keys.json")} as {"ANTHROPIC_API_KEY": "..."}.`);
    writeFileSync(join(dataDir, "keys.json"), JSON.stringify({ ANTHROPIC_API_KEY: "sk-later" }), { mode: 0o644 });
    expect(providers.missingKey("anthropic")).toMatch(/\(its keys are not used: .*keys\.json is readable by other users; run: chmod 600 /);
    chmodSync(join(dataDir, "keys.json"), 0o600);
    expect(providers.missingKey("anthropic")).toBeNull();
  });
});
