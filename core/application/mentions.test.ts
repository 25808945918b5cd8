import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { tempDir } from "../../test/support/cli.ts";
import { expandMentions } from "./mentions.ts";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe("@file mentions", () => {
  it("appends mentioned text files, attaches images, and leaves other @words alone", async () => {
    const dir = tempDir("ursa-mentions-");
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src/a.ts"), "export const a = 1;");
    writeFileSync(join(dir, "my shot.png"), PNG);
    const { text, images } = await expandMentions("look at @src/a.ts, and @my\\ shot.png; ping @types/node or me@example.com", {
      fs: new LocalFileSystem(), projectRoot: dir, signal: new AbortController().signal,
    });
    expect(text).toBe('look at @src/a.ts, and @my\\ shot.png; ping @types/node or me@example.com\n\n<file path="src/a.ts">\nexport const a = 1;\n</file>');
    expect(images).toEqual([{ mediaType: "image/png", base64: Buffer.from(PNG).toString("base64") }]);
  });

  it("leaves a prompt without mentions unchanged", async () => {
    const out = await expandMentions("plain text", { fs: new LocalFileSystem(), projectRoot: "/", signal: new AbortController().signal });
    expect(out).toEqual({ text: "plain text", images: [] });
  });
});
