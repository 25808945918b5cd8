/** How much the agent may do without asking (koda's TrustMode). Ordered: plan < safe < auto. */
export const TRUST_MODES = ["plan", "safe", "auto"] as const;
export type TrustMode = (typeof TRUST_MODES)[number];

const ALIASES: Record<string, TrustMode> = {
  plan: "plan", readonly: "plan", "read-only": "plan",
  safe: "safe", confirm: "safe", strict: "safe", normal: "safe",
  auto: "auto", yolo: "auto", accept: "auto",
};

/** Parses a user-typed mode name; undefined when it names no mode. */
export function parseTrustMode(text: string): TrustMode | undefined {
  return ALIASES[text.trim().toLowerCase()];
}

export function nextTrustMode(mode: TrustMode): TrustMode {
  return TRUST_MODES[(TRUST_MODES.indexOf(mode) + 1) % TRUST_MODES.length]!;
}
