/** Output limits, scaled to the model's context window (koda's output_caps). */
export interface OutputCaps {
  readonly toolResultChars: number;
  readonly webBodyChars: number;
  readonly shellOutputLines: number;
  readonly grepMatches: number;
  readonly listEntries: number;
  readonly globResults: number;
  readonly readBytes: number;
}

/** Bases at a 100K-token window, scaled linearly between 1× and 4×. */
export function outputCapsFor(contextWindow: number): OutputCaps {
  const factor = Math.min(4, Math.max(1, contextWindow / 100_000));
  const scale = (base: number) => Math.round(base * factor);
  return {
    toolResultChars: scale(10_000),
    webBodyChars: scale(15_000),
    shellOutputLines: scale(256),
    grepMatches: scale(100),
    listEntries: scale(200),
    globResults: scale(200),
    readBytes: scale(20_000),
  };
}
