import type { ModelCapabilities } from "../../core/ports/llm-provider.ts";

/** Ursa's default Claude model: current, and not on the SDK 1.11 deprecation list. */
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-6";

/** For models the catalog does not know: every current Claude has at least this much. */
export const FALLBACK_CAPABILITIES: ModelCapabilities = { contextWindow: 200_000, maxOutputTokens: 8_192 };

const CONTEXT_WINDOW = 200_000;

type Family = "opus" | "sonnet" | "haiku";

/** Output limits of the Claude 4 generation, by family and minor version (first match wins). */
const OUTPUT_LIMITS: ReadonlyArray<{ readonly family: Family; readonly fromMinor: number; readonly maxOutputTokens: number }> = [
  { family: "opus", fromMinor: 5, maxOutputTokens: 64_000 },
  { family: "opus", fromMinor: 0, maxOutputTokens: 32_000 },
  { family: "sonnet", fromMinor: 0, maxOutputTokens: 64_000 },
  { family: "haiku", fromMinor: 5, maxOutputTokens: 64_000 },
];

/**
 * Capabilities from the model id alone, without a network call. Understands ids such as
 * "claude-opus-4-5" and dated ones such as "claude-sonnet-4-5-20250929". Later generations of a
 * family are assumed to keep the newest Claude 4 limits of that family rather than fall back to
 * the small default.
 */
export function capabilitiesOf(model: string): ModelCapabilities {
  const match = /^claude-(opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?:-\d{8})?$/.exec(model);
  if (match === null) return FALLBACK_CAPABILITIES;
  const family = match[1] as Family;
  const major = Number(match[2]);
  const minor = major > 4 ? Number.POSITIVE_INFINITY : Number(match[3] ?? 0);
  if (major < 4) return FALLBACK_CAPABILITIES;
  const limit = OUTPUT_LIMITS.find((entry) => entry.family === family && minor >= entry.fromMinor);
  if (limit === undefined) return FALLBACK_CAPABILITIES;
  return { contextWindow: CONTEXT_WINDOW, maxOutputTokens: limit.maxOutputTokens };
}
