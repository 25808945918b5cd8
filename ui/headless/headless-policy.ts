import { UnattendedInteraction } from "../../core/ports/unattended-interaction.ts";

/** Told of each call the run refuses (for `permission_denials`). */
export type OnDenied = (callId: string, toolName: string, reason: string) => void;

/**
 * Stands in for the absent user in a headless run: nothing is asked. Approval requests get
 * `reject_auto` with a reason the model can act on; questions get an empty answer; the loop
 * cap stops the turn (the run then ends with `error_max_turns`), so a runaway loop cannot
 * spend for ever.
 */
export function headlessInteraction(session: { readonly mode: string }, onDenied: OnDenied = () => {}): UnattendedInteraction {
  return new UnattendedInteraction({
    refusal: (request) => {
      // --mode auto only helps with changes inside the project that safe mode asks about.
      const hint = session.mode === "auto" || request.effect !== "local_mutation" ? "allow it with --allowedTools" : "re-run with --mode auto for changes inside the project, or allow it with --allowedTools";
      const reason =
        `this is a non-interactive run in ${session.mode} mode, so nobody can approve "${request.detail}" (${request.effect.replace("_", " ")}). ` +
        `Do not retry it; finish what you can without it and tell the user what remains (they can ${hint}).`;
      onDenied(request.callId, request.toolName, reason);
      return reason;
    },
    capContinuations: 0,
  });
}
