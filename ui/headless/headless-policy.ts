import { UnattendedInteraction } from "../../core/ports/unattended-interaction.ts";

/**
 * Stands in for the absent user in a headless run: nothing is asked. Approval requests get
 * `reject_auto` with a reason the model can act on; questions get an empty answer; the loop
 * cap continues once by 200 iterations and then stops, so a runaway loop cannot spend forever.
 */
export function headlessInteraction(): UnattendedInteraction {
  return new UnattendedInteraction({
    refusal: (request) =>
      `this is a non-interactive run in ${request.mode} mode, so nobody can approve "${request.detail}" (${request.effect.replace("_", " ")}). ` +
      `Do not retry it; finish what you can without it and tell the user what remains (they can re-run with --mode auto for changes inside the project).`,
    capContinuations: 1,
  });
}
