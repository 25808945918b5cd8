import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SILENT_LOGGER } from "../../core/ports/logger.ts";
import { LocalFileSystem } from "../local-file-system/mod.ts";
import { NodeHttpClient } from "../node-http-client/mod.ts";
import { NodeProcessRunner } from "../node-process-runner/mod.ts";
import { chooseRuntime, DEFAULT_LIMITS, PluginSandboxHost } from "../plugin-sandbox/mod.ts";
import { tempDir } from "../../test/support/cli.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { findPluginFiles } from "./plugin-loader.ts";

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

describe("developer-mode plugins", () => {
  it("are found as files and folders; each starts in a child of its own, broken ones are reported and the rest still load", async () => {
    const dir = tempDir("ursa-plugins-");
    writeFileSync(join(dir, "a-good.mjs"), GOOD);
    writeFileSync(join(dir, "b-syntax.mjs"), "export default {");
    writeFileSync(join(dir, "c-old.mjs"), `export default { id: "acme.old", version: "0.1.0", apiVersion: 0, activate() {} };`);
    writeFileSync(join(dir, "d-throws.mjs"), `export default { id: "acme.boom", version: "1.0.0", apiVersion: 1, activate(ctx) { ctx.registerTool({ name: "Half", description: "", parameters: { type: "object" }, classify: () => "read_only", execute: async () => ({ output: "", success: true }) }); throw new Error("no config"); } };`);
    writeFileSync(join(dir, "e-nodefault.mjs"), "export const x = 1;");
    mkdirSync(join(dir, "f-folder"));
    writeFileSync(join(dir, "f-folder", "index.mjs"), GOOD.replace("acme.shout", "acme.folder").replace('"Shout"', '"Whisper"'));
    writeFileSync(join(dir, "notes.txt"), "ignored");

    const files = await findPluginFiles(dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(["a-good.mjs", "b-syntax.mjs", "c-old.mjs", "d-throws.mjs", "e-nodefault.mjs", "f-folder/index.mjs"]);
    const host = new PluginSandboxHost({
      runtime: chooseRuntime({ URSA_PLUGIN_RUNTIME: "node" }), fs: new LocalFileSystem(), http: new NodeHttpClient(), addressPolicy: () => import("../../plugins/web-fetch/address-policy.ts"), process: new NodeProcessRunner(), log: SILENT_LOGGER,
      dataDir: tempDir("ursa-data-"), projectRoot: dir, homeDir: dir, env: {}, limits: DEFAULT_LIMITS, report: () => {},
    });
    try {
      const outcomes = await Promise.allSettled(files.map((file) => host.addDeveloper(file)));
      const failures = outcomes.map((o) => (o.status === "rejected" ? (o.reason as Error).message : null));
      expect(failures[0]).toBeNull();
      expect(failures[1]).toMatch(/^the plugin b-syntax\.mjs failed to activate: .*Unexpected end of input/);
      expect(failures[2]).toBe("the plugin c-old.mjs failed to activate: written for plugin API 0, but this Ursa implements API 1; update the plugin or Ursa");
      expect(failures[3]).toBe("the plugin d-throws.mjs failed to activate: no config");
      expect(failures[4]).toBe("the plugin e-nodefault.mjs failed to activate: is not a plugin object (export default definePlugin({...}))");
      expect(failures[5]).toBeNull();
      const tools = outcomes.flatMap((o) => (o.status === "fulfilled" ? o.value.tools : []));
      expect(tools.map((t) => t.name)).toEqual(["Shout", "Whisper"]);
      expect(await tools[0]!.execute({ text: "hi" }, makeToolContext(dir).ctx)).toEqual({ output: "HI", success: true });
      expect(host.statuses().map((s) => [s.id, s.sandboxed, s.state])).toEqual([
        ["a-good.mjs", false, "running"], ["b-syntax.mjs", false, "idle"], ["c-old.mjs", false, "idle"], ["d-throws.mjs", false, "idle"], ["e-nodefault.mjs", false, "idle"], ["f-folder/", false, "running"],
      ]);
    } finally {
      await host.stopAll();
    }
  });

  it("a missing plugin directory is simply empty", async () => {
    expect(await findPluginFiles("/nonexistent/ursa/plugins")).toEqual([]);
  });
});
