import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/engine-harness.ts";
import { textReply, toolReply } from "../fakes/scripted-provider.ts";
import { SILENT_LOGGER } from "../../core/ports/logger.ts";
import { PluginHost } from "../../core/application/plugin-host.ts";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { NodeHttpClient } from "../../adapters/node-http-client/mod.ts";
import { NodeProcessRunner } from "../../adapters/node-process-runner/mod.ts";

const ROOT = resolve(import.meta.dirname, "../..");
// Inside the repository, so that `#plugin-api` resolves as it does for built-in plugins.
const GENERATED = join(ROOT, "test/.generated");

function exampleFromDocs(): string {
  const doc = readFileSync(join(ROOT, "docs/plugin-api.md"), "utf8");
  const section = doc.slice(doc.indexOf("## A complete example"));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error("docs/plugin-api.md has no example block");
  return match[1]!;
}

let h: Harness;
afterAll(async () => {
  await h?.cleanup();
  rmSync(GENERATED, { recursive: true, force: true });
});

describe("the plugin API example in the docs", () => {
  it("loads through the plugin host, and its tool, hook and listener work in a real turn", async () => {
    mkdirSync(GENERATED, { recursive: true });
    const file = join(GENERATED, `example-plugin-${process.pid}.ts`);
    writeFileSync(file, exampleFromDocs());
    const plugin = (await import(file)).default;

    h = await createHarness({ replies: [] });
    const logged: string[] = [];
    const host = new PluginHost({
      registry: h.registry, bus: h.bus, hooks: h.hooks, fs: new LocalFileSystem(), process: new NodeProcessRunner(), http: new NodeHttpClient(),
      host: { dataDir: h.dataDir, projectRoot: h.dir }, log: { ...SILENT_LOGGER, info: (message) => void logged.push(message) },
    });
    expect(await host.activate(plugin)).toBeNull();

    writeFileSync(join(h.dir, "essay.txt"), "one two  three\nfour");
    h.provider.push(toolReply([{ name: "word_count", input: { file_path: "essay.txt" } }, { name: "Write", input: { file_path: ".env.local", content: "KEY=1" } }]), textReply("ok"));
    await h.session.prompt("count");
    const outputs = h.of("tool_call_finished").map((e) => e.output);
    expect(outputs[0]).toBe("essay.txt: 4 words");
    expect(outputs[1]).toBe("Error: Write was blocked by a plugin: environment files hold secrets; ask the user to edit them");
    expect(logged).toEqual(["tool WordCount finished", "tool Write finished"]);
  });
});
