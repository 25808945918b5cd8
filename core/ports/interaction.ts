import type { ApprovalDecision, LoopContinuation } from "../domain/engine-command.ts";
import type { EventOf } from "../domain/engine-event.ts";
import type { TrustMode } from "../domain/trust-mode.ts";

/** A tool call that needs the user's yes (the same fields as the `approval_requested` fact). */
export type ApprovalRequest = Omit<EventOf<"approval_requested">, "type"> & {
  readonly mode: TrustMode;
  /** The call's arguments (a command, a path), e.g. to offer an "always allow" rule for it. */
  readonly input: Readonly<Record<string, unknown>>;
};
/** The model's question to the user (AskUser). */
export type Question = Omit<EventOf<"ask_user_requested">, "type">;
/** A turn reached its iteration cap; go on or stop? */
export type LoopCapRequest = Omit<EventOf<"loop_cap_reached">, "type">;

/**
 * Whoever decides for a session when the engine must ask: the dashboard (a modal), a headless
 * run or a sub-agent (nobody there: `UnattendedInteraction`), or commands sent to the session
 * (`CommandInteraction`, the default). The engine awaits the answer; the matching events are
 * still emitted, as facts for sinks and stream-json. Each wait ends when `signal` aborts.
 */
export interface Interaction {
  approve(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision>;
  askUser(question: Question, signal: AbortSignal): Promise<string>;
  loopCap(request: LoopCapRequest, signal: AbortSignal): Promise<LoopContinuation>;
}
