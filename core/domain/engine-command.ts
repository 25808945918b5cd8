/**
 * What a driving adapter (TUI, headless runner) tells a running session, one union tagged by `type`.
 * Decisions the engine waits for (approval, ask-user, loop cap) arrive here, matched by id.
 */
export type ApprovalDecision =
  | { readonly decision: "approve" }
  | { readonly decision: "reject" }
  | { readonly decision: "reject_with_feedback"; readonly feedback: string }
  | { readonly decision: "reject_auto"; readonly reason: string };

export const LOOP_CONTINUATIONS = ["stop", "continue50", "continue200"] as const;
export type LoopContinuation = (typeof LOOP_CONTINUATIONS)[number];

export type EngineCommand =
  | { readonly type: "interrupt" }
  | { readonly type: "approval_response"; readonly id: string; readonly decision: ApprovalDecision }
  | { readonly type: "ask_user_response"; readonly id: string; readonly answer: string }
  | { readonly type: "loop_decision"; readonly action: LoopContinuation }
  | { readonly type: "queue_next"; readonly text: string };

export type EngineCommandType = EngineCommand["type"];
