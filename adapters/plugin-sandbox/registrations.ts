import { filter, type Observable, type Subscription } from "rxjs";
import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { HookName, ToolHooks } from "../../core/ports/tool-hooks.ts";
import type { SandboxChild } from "./child.ts";

/** Where a plugin's registrations go: the engine's events and its hook pipeline. */
export interface RegistrationTargets {
  readonly events$?: Observable<EngineEvent>;
  readonly hooks?: { register<K extends HookName>(name: K, handler: ToolHooks[K]): () => void };
  readonly limits: { readonly activateTimeoutMs: number };
}

/**
 * A child's `ursa/registered` and `ursa/unregistered` notifications: listeners subscribe to
 * the bus (each event is sent to the child), hooks join the pipeline (each decision is asked
 * of the child, bounded by the activate timeout). Returns false for other notifications.
 */
export function followRegistration(child: SandboxChild, registrations: Map<number, () => void>, deps: RegistrationTargets, method: string, params: Record<string, unknown>): boolean {
  const id = Number(params["id"]);
  if (method === "ursa/registered") {
    if (params["kind"] === "event" && deps.events$) {
      const type = String(params["type"]);
      const subscription: Subscription = deps.events$.pipe(filter((event) => event.type === type)).subscribe((event) => child.rpc.notify("ursa/event", { id, type, event }));
      registrations.set(id, () => subscription.unsubscribe());
    } else if (params["kind"] === "hook" && deps.hooks && (params["name"] === "tool.before" || params["name"] === "tool.after")) {
      const ask = async (call: unknown): Promise<never> => hookOutcome(await child.rpc.request("ursa/hook", { id, call }, AbortSignal.timeout(deps.limits.activateTimeoutMs))) as never;
      registrations.set(id, deps.hooks.register(params["name"], ask));
    }
    return true;
  }
  if (method === "ursa/unregistered") {
    registrations.get(id)?.();
    registrations.delete(id);
    return true;
  }
  return false;
}

/**
 * What a sandboxed plugin's hook answered. It may block a call (with its reason), never rewrite
 * one: a rewritten input or result would let a plugin with no grants change what another tool
 * writes (a Write's content) or what the model reads, and nobody consented to that.
 */
function hookOutcome(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v["block"] === "string") return { block: v["block"] };
  return undefined;
}
