import type { ApprovalDecision, LoopContinuation } from "../../core/domain/engine-command.ts";
import type { ApprovalRequest, Interaction, LoopCapRequest, Question } from "../../core/ports/interaction.ts";
import { ApprovalModal } from "./modals/approval-modal.ts";
import type { Modal } from "./modals/modal.ts";
import { AskUserModal, LoopCapModal } from "./modals/simple-modals.ts";

/**
 * The dashboard's answer to the engine's questions: each becomes a modal queued for its
 * session (shown when that session is in view), and the engine's wait resolves when the user
 * answers. An interrupted turn takes its unanswered questions away.
 */
export class DashboardInteraction implements Interaction {
  readonly #queues = new Map<string, Modal[]>();
  readonly #changed: (sessionId: string) => void;
  readonly #interrupt: (sessionId: string) => void;
  readonly #allow: (sessionId: string, rule: string) => boolean;

  /**
   * `changed` hears of every question queued or gone; `interrupt` stops a session's turn (Esc
   * in an approval); `allow` keeps an "always allow" rule for a session (false: it could not).
   */
  constructor(changed: (sessionId: string) => void, interrupt: (sessionId: string) => void, allow: (sessionId: string, rule: string) => boolean) {
    this.#changed = changed;
    this.#interrupt = interrupt;
    this.#allow = allow;
  }

  /** The questions waiting for the user in a session, oldest first. */
  pending(sessionId: string): readonly Modal[] {
    return this.#queues.get(sessionId) ?? [];
  }

  /** Sessions with a question waiting. */
  waiting(): string[] {
    return [...this.#queues.keys()];
  }

  /** Takes an answered modal off its queue. */
  done(modal: Modal): void {
    if (modal.sessionId !== null) this.#remove(modal.sessionId, modal);
  }

  approve(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    return this.#ask(request.sessionId, signal, (answer) => new ApprovalModal(request, answer, () => this.#interrupt(request.sessionId), (rule) => {
      answer(this.#allow(request.sessionId, rule) ? { decision: "approve" } : { decision: "reject" });
    }));
  }

  askUser(question: Question, signal: AbortSignal): Promise<string> {
    return this.#ask(question.sessionId, signal, (answer) => new AskUserModal(question, answer));
  }

  loopCap(request: LoopCapRequest, signal: AbortSignal): Promise<LoopContinuation> {
    return this.#ask(request.sessionId, signal, (answer) => new LoopCapModal(request, answer));
  }

  #ask<T>(sessionId: string, signal: AbortSignal, make: (answer: (value: T) => void) => Modal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const modal = make((value) => {
        signal.removeEventListener("abort", onAbort);
        this.#remove(sessionId, modal);
        resolve(value);
      });
      const onAbort = (): void => {
        this.#remove(sessionId, modal);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#queues.set(sessionId, [...this.pending(sessionId), modal]);
      this.#changed(sessionId);
    });
  }

  #remove(sessionId: string, modal: Modal): void {
    const left = this.pending(sessionId).filter((m) => m !== modal);
    if (left.length === this.pending(sessionId).length) return;
    if (left.length > 0) this.#queues.set(sessionId, left);
    else this.#queues.delete(sessionId);
    this.#changed(sessionId);
  }
}
