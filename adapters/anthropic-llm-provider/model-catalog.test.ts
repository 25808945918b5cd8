import { describe, expect, it } from "vitest";
import { capabilitiesOf, DEFAULT_ANTHROPIC_MODEL } from "./model-catalog.ts";

describe("capabilitiesOf", () => {
  it.each([
    ["claude-opus-4-1", 32_000],
    ["claude-opus-4-1-20250805", 32_000],
    ["claude-opus-4-20250514", 32_000],
    ["claude-opus-4-5", 64_000],
    ["claude-opus-4-8", 64_000],
    ["claude-sonnet-4-20250514", 64_000],
    ["claude-sonnet-4-5-20250929", 64_000],
    ["claude-sonnet-4-6", 64_000],
    ["claude-haiku-4-5", 64_000],
    ["claude-haiku-4-5-20251001", 64_000],
    ["claude-sonnet-5-5", 64_000],
    ["claude-opus-5", 64_000],
  ])("knows %s: 200k context, %i output tokens", (model, maxOutputTokens) => {
    expect(capabilitiesOf(model)).toEqual({ contextWindow: 200_000, maxOutputTokens });
  });

  it.each(["claude-3-5-sonnet-20241022", "claude-mythos-5-1", "claude-haiku-4", "gpt-4o", "", "claude-sonnet-4-6-extra"])(
    "falls back to 200k / 8192 for %j",
    (model) => {
      expect(capabilitiesOf(model)).toEqual({ contextWindow: 200_000, maxOutputTokens: 8_192 });
    },
  );

  it("knows the default model: its full output limit, not the fallback's", () => {
    expect(capabilitiesOf(DEFAULT_ANTHROPIC_MODEL)).toEqual({ contextWindow: 200_000, maxOutputTokens: 64_000 });
  });
});
