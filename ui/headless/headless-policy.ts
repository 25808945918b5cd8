import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { EventSink } from "../../core/ports/driving/event-stream.ts";
import type { SessionHandle } from "../../core/ports/driving/session-handle.ts";

/** Told of each call the run refuses (for `permission_denials`). */
export type OnDenied = (callId: string, toolName: string, reason: string) => void;

/**
 * Stands in for the absent user in a headless run: nothing is asked. Approval requests get
 * `reject_auto` with a reason the model can act on; questions get an empty answer; the loop
 * cap stops the turn (the run then ends with `error_max_turns`), so a runaway loop cannot
 * spend for ever.
 */
export class HeadlessPolicy implements EventSink {
  readonly #session: SessionHandle;
  readonly #onDenied: OnDenied;

  constructor(session: SessionHandle, onDenied: OnDenied = () => {}) {
    this.#session = session;
    this.#onDenied = onDenied;
  }

  handle(event: EngineEvent): void {
    if (event.sessionId !== this.#session.id) return;
    switch (event.type) {
      case "approval_requested": {
        const reason =
          `this is a non-interactive run in ${this.#session.mode} mode, so nobody can approve "${event.detail}" (${event.effect.replace("_", " ")}). ` +
          `Do not retry it; finish what you can without it and tell the user what remains (they can re-run with --mode auto for changes inside the project, or allow it with --allowedTools).`;
        this.#onDenied(event.callId, event.toolName, reason);
        this.#session.send({ type: "approval_response", id: event.id, decision: { decision: "reject_auto", reason } });
        return;
      }
      case "action_blocked":
        this.#onDenied(event.callId, event.toolName, event.reason);
        return;
      case "ask_user_requested":
        this.#session.send({ type: "ask_user_response", id: event.id, answer: "" });
        return;
      case "loop_cap_reached":
        this.#session.send({ type: "loop_decision", action: "stop" });
        return;
      default:
        return;
    }
  }
}
