import type { ToolResult } from "../../core/ports/tool.ts";
import type { SandboxChild } from "./child.ts";
import type { PluginHandle } from "./plugin-handle.ts";

/**
 * Runs one tool call in a child under the call timeout: past it the child is killed (its plugin
 * reports the failure and restarts on the next call) and the model is told so; an error becomes
 * the tool's error result; an interruption is passed on.
 */
export async function timedCall(plugin: PluginHandle, child: SandboxChild, toolName: string, timeoutMs: number, signal: AbortSignal, call: () => Promise<ToolResult>): Promise<ToolResult> {
  const seconds = Math.round(timeoutMs / 1000);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    plugin.kill(child, `ran ${toolName} past its ${seconds} s timeout and was stopped`);
  }, timeoutMs);
  try {
    return await call();
  } catch (error) {
    if (signal.aborted) throw error;
    if (timedOut) return { output: `Error: ${toolName} ran past its ${seconds} s timeout; the plugin ${plugin.entry.id} was stopped.`, success: false };
    return { output: `Error: ${(error as Error).message}`, success: false };
  } finally {
    clearTimeout(timer);
  }
}
