import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { EventSink } from "../../core/ports/driving/event-stream.ts";
import type { SessionHandle } from "../../core/ports/driving/session-handle.ts";

/**
 * Stands in for the absent user in a headless run: nothing is asked. Approval requests get
 * `reject_auto` with a reason the model can act on; questions get an empty answer; the loop
 * cap continues once by 200 iterations and then stops, so a runaway loop cannot spend forever.
 */
export class HeadlessPolicy implements EventSink {
  readonly #session: SessionHandle;
  #capContinued = false;

  constructor(session: SessionHandle) {
    this.#session = session;
  }

  handle(event: EngineEvent): void {
    if (event.sessionId !== this.#session.id) return;
    switch (event.type) {
      case "approval_requested":
        this.#session.send({
          type: "approval_response",
          id: event.id,
          decision: {
            decision: "reject_auto",
            reason:
              `this is a non-interactive run in ${this.#session.mode} mode, so nobody can approve "${event.detail}" (${event.effect.replace("_", " ")}). ` +
              `Do not retry it; finish what you can without it and tell the user what remains (they can re-run with --mode auto for changes inside the project).`,
          },
        });
        return;
      case "ask_user_requested":
        this.#session.send({ type: "ask_user_response", id: event.id, answer: "" });
        return;
      case "loop_cap_reached":
        this.#session.send({ type: "loop_decision", action: this.#capContinued ? "stop" : "continue200" });
        this.#capContinued = true;
        return;
      default:
        return;
    }
  }
}
