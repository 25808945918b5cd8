import type { SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import type { StatusModel } from "./view-model/status.ts";

/** How long the status bar waits for a local server to list its models. */
const SERVED_MODEL_WAIT_MS = 5_000;

/**
 * A local server without --model runs the first model it lists (GET /v1/models): asked once the
 * engine is here, so the status bar names it before the first request. Until then, and if the
 * server does not answer, the bar names no model rather than a guess.
 */
export async function learnServedModel(api: SessionsApi, status: StatusModel, closing: AbortSignal, redraw: () => void): Promise<void> {
  if (status.model !== "") return;
  const provider = status.provider;
  // Quitting does not wait for a server that hangs (Node stays up while the request is open).
  const signal = AbortSignal.any([AbortSignal.timeout(SERVED_MODEL_WAIT_MS), closing]);
  const choices = await api.modelChoices(provider, signal).catch(() => null);
  const served = choices?.listed ? choices.models[0] : undefined;
  // A /provider switch meanwhile made a session with its own model: leave that alone; after quitting nothing is drawn.
  if (!served || closing.aborted || status.model !== "" || status.provider !== provider) return;
  status.model = served;
  redraw();
}
