import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EventBus } from "../../core/application/event-bus.ts";
import { HookPipeline } from "../../core/application/hook-pipeline.ts";
import { PluginHost } from "../../core/application/plugin-host.ts";
import { ToolRegistry } from "../../core/application/tool-registry.ts";
import { SILENT_LOGGER } from "../../core/ports/logger.ts";
import { LocalFileSystem } from "../local-file-system/mod.ts";
import { NodeHttpClient } from "../node-http-client/mod.ts";
import { NodeProcessRunner } from "../node-process-runner/mod.ts";
import { tempDir } from "../../test/support/cli.ts";
import { loadPluginModules } from "./plugin-loader.ts";
import { SCHEMAS } from "../../test/support/schemas.ts";

const GOOD = `export default {
  id: "acme.shout", version: "1.0.0", apiVersion: 1,
  activate(ctx) {
    ctx.registerTool({
      name: "Shout", description: "Upper-cases text.",
      parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      classify: () => "read_only",
      async execute(input) { return { output: input.text.toUpperCase(), success: true }; },
    });
  },
};`;

describe("third-party plugins", () => {
  it("load through the same host as built-ins; broken ones are reported and the rest still load", async () => {
    const dir = tempDir("ursa-plugins-");
    writeFileSync(join(dir, "a-good.mjs"), GOOD);
    writeFileSync(join(dir, "b-syntax.mjs"), "export default {");
    writeFileSync(join(dir, "c-old.mjs"), `export default { id: "acme.old", version: "0.1.0", apiVersion: 0, activate() {} };`);
    writeFileSync(join(dir, "d-throws.mjs"), `export default { id: "acme.boom", version: "1.0.0", apiVersion: 1, activate(ctx) { ctx.registerTool({ name: "Half", description: "", parameters: { type: "object" }, classify: () => "read_only", execute: async () => ({ output: "", success: true }) }); throw new Error("no config"); } };`);
    writeFileSync(join(dir, "e-nodefault.mjs"), "export const x = 1;");
    mkdirSync(join(dir, "f-folder"));
    writeFileSync(join(dir, "f-folder", "index.mjs"), GOOD.replace("acme.shout", "acme.folder").replace('"Shout"', '"Whisper"'));
    writeFileSync(join(dir, "notes.txt"), "ignored");

    const modules = await loadPluginModules(dir, new AbortController().signal);
    expect(modules.map((m) => [m.source.slice(dir.length + 1), m.ok])).toEqual([
      ["a-good.mjs", true], ["b-syntax.mjs", false], ["c-old.mjs", true], ["d-throws.mjs", true], ["e-nodefault.mjs", false], ["f-folder/index.mjs", true],
    ]);
    const registry = new ToolRegistry(SCHEMAS);
    const host = new PluginHost({ registry, bus: new EventBus(), hooks: new HookPipeline(), fs: new LocalFileSystem(), process: new NodeProcessRunner(), http: new NodeHttpClient(), host: { dataDir: dir, projectRoot: dir }, log: SILENT_LOGGER });
    const failures = await host.activateAll(modules.flatMap((m) => (m.ok ? [m.plugin] : [])));
    expect(failures).toEqual([
      { pluginId: "acme.old", message: "written for plugin API 0, but this Ursa implements API 1; update the plugin or Ursa" },
      { pluginId: "acme.boom", message: "activate() failed: no config" },
    ]);
    // The tool registered before the throw was withdrawn with its plugin.
    expect(registry.names.sort()).toEqual(["Shout", "Whisper"]);
    const shout = registry.prepare("shout", '{"text":"hi"}');
    expect(shout.ok && (await shout.tool.execute(shout.input, {} as never)).output).toBe("HI");
    expect(modules.find((m) => !m.ok && m.source.endsWith("e-nodefault.mjs"))).toMatchObject({ message: "has no default export; export default definePlugin({...})" });
  });

  it("a missing plugin directory is simply empty", async () => {
    expect(await loadPluginModules("/nonexistent/ursa/plugins", new AbortController().signal)).toEqual([]);
  });
});
