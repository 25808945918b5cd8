import { linkSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { tempDir } from "../../test/support/cli.ts";
import { GuardedFileSystem } from "./guarded-file-system.ts";
import { createHarness } from "../../test/support/engine-harness.ts";
import { textReply, toolReply } from "../../test/fakes/scripted-provider.ts";

const signal = new AbortController().signal;

function tree() {
  const parent = realpathSync(tempDir("ursa-guard-"));
  const data = join(parent, "data");
  mkdirSync(data);
  writeFileSync(join(data, "keys.json"), '{"KEY": "secret"}');
  writeFileSync(join(data, "memory.md"), "- remember this\n");
  writeFileSync(join(parent, "notes.txt"), "secret plans");
  symlinkSync(join(data, "keys.json"), join(parent, "link-to-keys"));
  const fs = new GuardedFileSystem(new LocalFileSystem(), [data], [join(data, "memory.md")]);
  return { parent, data, fs };
}

describe("the file system plugins get", () => {
  it("refuses paths in the data directory, directly or through a symlink, except the files it allows", async () => {
    const { parent, data, fs } = tree();
    await expect(fs.readText(join(data, "keys.json"), signal)).rejects.toThrow(/inside Ursa's data directory/);
    await expect(fs.readText(join(parent, "link-to-keys"), signal)).rejects.toThrow(/inside Ursa's data directory/);
    await expect(fs.stat(data, signal)).rejects.toThrow(/inside Ursa's data directory/);
    await expect(fs.writeTextAtomic(join(data, "new.txt"), "x", signal)).rejects.toThrow(/inside Ursa's data directory/);
    expect(await fs.readText(join(data, "memory.md"), signal)).toBe("- remember this\n");
  });

  it("refuses a hard link to a file in the data directory, and still reads other files with several links", async () => {
    const { parent, data, fs } = tree();
    linkSync(join(data, "keys.json"), join(parent, "hard-keys.json"));
    writeFileSync(join(parent, "shared.txt"), "fine");
    linkSync(join(parent, "shared.txt"), join(parent, "shared-too.txt"));
    await expect(fs.readText(join(parent, "hard-keys.json"), signal)).rejects.toThrow(/hard link to .*keys\.json in Ursa's data directory/);
    await expect(fs.readBytes(join(parent, "hard-keys.json"), signal)).rejects.toThrow(/hard link/);
    await expect(fs.writeTextAtomic(join(parent, "hard-keys.json"), "x", signal)).rejects.toThrow(/hard link/);
    expect(await fs.readText(join(parent, "shared-too.txt"), signal)).toBe("fine");
  });

  it("leaves the data directory out of listings, walks and bulk reads of a parent", async () => {
    const { parent, data, fs } = tree();
    expect((await fs.readDir(parent, signal)).map((e) => e.name).sort()).toEqual(["link-to-keys", "notes.txt"]);
    const walked: string[] = [];
    for await (const entry of fs.walk(parent, { gitignore: false }, signal)) walked.push(entry.path.slice(parent.length + 1));
    // The allowed file stays visible; nothing else of the data directory does.
    expect(walked.sort()).toEqual(["data/memory.md", "link-to-keys", "notes.txt"]);
    const texts: string[] = [];
    for await (const file of fs.readTexts([join(parent, "notes.txt"), join(data, "keys.json")], signal)) texts.push(file.path.slice(parent.length + 1));
    expect(texts).toEqual(["notes.txt"]);
  });

  it("refuses a recursive delete of a directory that holds it", async () => {
    const { parent, fs } = tree();
    await expect(fs.remove(parent, { recursive: true }, signal)).rejects.toThrow(/contains Ursa's data directory/);
  });

  it("is what the built-in tools use: Grep on the data directory is refused", async () => {
    const h = await createHarness({ replies: [] });
    try {
      writeFileSync(join(h.dataDir, "keys.json"), '{"KEY": "in the data dir"}');
      h.provider.push(toolReply([{ name: "Grep", input: { pattern: "data dir", file_path: h.dataDir } }]), textReply("done"));
      await h.session.prompt("look");
      expect(h.of("tool_call_finished")[0]!.output).toMatch(/inside Ursa's data directory/);
    } finally {
      await h.cleanup();
    }
  });
});
