import type { ToolEffect } from "./tool-effect.ts";
import type { TrustMode } from "./trust-mode.ts";

/** What happens to a tool call before it runs. */
export type ApprovalNeed = "auto" | "confirm" | "block";

export interface ApprovalQuestion {
  readonly effect: ToolEffect;
  readonly mode: TrustMode;
  /** A mutation whose path resolves (symlinks included) outside the project and its scratch areas. */
  readonly outsideProject: boolean;
  /** Deleting a file this session's agent created: net zero, so no question. */
  readonly ownedDelete: boolean;
  /** A background sub-agent: there is no human to ask. */
  readonly subAgent: boolean;
}

/**
 * The trust matrix (koda.md §4.2), in koda's order:
 * read-only runs everywhere; plan blocks the rest; writes outside the project always ask;
 * deleting an owned file runs; safe asks for every mutation; auto asks only for destructive ones.
 * A sub-agent cannot ask, so what would ask is blocked when destructive or outside the project
 * (stricter than koda, which lets sub-agents write outside the project) and runs otherwise,
 * except in safe mode: koda's sub-agents write without asking there because koda runs them in a
 * sandbox; Ursa has none, so handing work to a sub-agent must not get around "ask me first".
 */
export function decideApproval(q: ApprovalQuestion): ApprovalNeed {
  if (q.effect === "read_only") return "auto";
  if (q.mode === "plan") return "block";
  const need = topLevelNeed(q);
  if (!q.subAgent || need === "auto") return need;
  return q.effect === "destructive" || q.outsideProject || q.mode === "safe" ? "block" : "auto";
}

function topLevelNeed(q: ApprovalQuestion): ApprovalNeed {
  if (q.outsideProject) return "confirm";
  if (q.ownedDelete) return "auto";
  if (q.mode === "safe") return "confirm";
  return q.effect === "destructive" ? "confirm" : "auto";
}
