import type { ApprovalDecision, LoopContinuation } from "../domain/engine-command.ts";
import type { ApprovalRequest, Interaction, LoopCapRequest } from "./interaction.ts";

export interface UnattendedRules {
  /** Why nobody approved: the model reads it, so it says what to do instead. */
  refusal(request: ApprovalRequest): string;
  /** How many times the loop cap is passed (by 200 iterations) before the turn stops. */
  readonly capContinuations: number;
}

/**
 * The one answer to "nobody is there to ask" (a sub-agent, a headless run): approvals are
 * refused with a reason the model can act on, questions get an empty answer (the model goes
 * on with its best judgement), and the loop cap is passed a set number of times, then stops.
 */
export class UnattendedInteraction implements Interaction {
  readonly #rules: UnattendedRules;
  #continued = 0;

  constructor(rules: UnattendedRules) {
    this.#rules = rules;
  }

  async approve(request: ApprovalRequest): Promise<ApprovalDecision> {
    return { decision: "reject_auto", reason: this.#rules.refusal(request) };
  }

  async askUser(): Promise<string> {
    return "";
  }

  async loopCap(_request: LoopCapRequest): Promise<LoopContinuation> {
    if (this.#continued >= this.#rules.capContinuations) return "stop";
    this.#continued++;
    return "continue200";
  }
}

/** A sub-agent's: nobody can approve, and at its cap it stops. */
export function subAgentInteraction(): UnattendedInteraction {
  return new UnattendedInteraction({
    refusal: () => "a sub-agent may not do this as nobody can approve it; describe what you would do instead",
    capContinuations: 0,
  });
}
