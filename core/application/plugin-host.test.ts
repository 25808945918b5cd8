import { describe, expect, it } from "vitest";
import { EventBus } from "./event-bus.ts";
import { HookPipeline } from "./hook-pipeline.ts";
import { PluginHost } from "./plugin-host.ts";
import { ToolRegistry } from "./tool-registry.ts";
import type { Logger } from "../ports/logger.ts";
import type { PluginContext } from "../plugin-api/mod.ts";
import { SCHEMAS } from "../../test/support/schemas.ts";

function host() {
  const warnings: string[] = [];
  const log: Logger = { debug() {}, info() {}, error() {}, warn: (message) => void warnings.push(message) };
  const bus = new EventBus();
  const h = new PluginHost({ registry: new ToolRegistry(SCHEMAS), bus, hooks: new HookPipeline(), fs: {} as never, process: {} as never, http: {} as never, host: { dataDir: "/d", projectRoot: "/p" }, log });
  return { h, bus, warnings };
}

describe("PluginHost", () => {
  it("logs an async listener's rejection instead of leaving it unhandled", async () => {
    const { h, bus, warnings } = host();
    await h.activate({ id: "a", version: "1", apiVersion: 1, activate: (ctx: PluginContext) => void ctx.on("info", async () => { throw new Error("boom"); }) });
    bus.emit({ sessionId: "s", type: "info", message: "hi" });
    await new Promise((r) => setTimeout(r, 10));
    expect(warnings).toEqual(["plugin a listener for info failed"]);
  });

  it("deactivates every plugin even when one fails to", async () => {
    const { h, warnings } = host();
    const deactivated: string[] = [];
    await h.activate({ id: "first", version: "1", apiVersion: 1, activate() {}, deactivate: () => void deactivated.push("first") });
    await h.activate({ id: "second", version: "1", apiVersion: 1, activate() {}, deactivate: () => { throw new Error("stuck"); } });
    await h.deactivateAll();
    expect(deactivated).toEqual(["first"]);
    expect(warnings).toEqual(["plugin second failed to deactivate"]);
  });
});
