import type { ApprovalDecision, LoopContinuation } from "../domain/engine-command.ts";
import type { ApprovalRequest, Interaction, LoopCapRequest, Question } from "../ports/interaction.ts";
import type { CommandInbox } from "./command-inbox.ts";

/**
 * Decisions answered by commands sent to the session (`approval_response`, `ask_user_response`,
 * `loop_decision`): the default when no driving adapter took the decisions over, e.g. a
 * program driving the engine through SessionHandle.send.
 */
export class CommandInteraction implements Interaction {
  readonly #inbox: CommandInbox;

  constructor(inbox: CommandInbox) {
    this.#inbox = inbox;
  }

  approve(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    return this.#inbox.waitFor((c) => (c.type === "approval_response" && c.id === request.id ? c.decision : undefined), signal);
  }

  askUser(question: Question, signal: AbortSignal): Promise<string> {
    return this.#inbox.waitFor((c) => (c.type === "ask_user_response" && c.id === question.id ? c.answer : undefined), signal);
  }

  loopCap(_request: LoopCapRequest, signal: AbortSignal): Promise<LoopContinuation> {
    return this.#inbox.waitFor((c) => (c.type === "loop_decision" ? c.action : undefined), signal);
  }
}
