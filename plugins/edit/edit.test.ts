import { createHash } from "node:crypto";
import { mkdir, readFile, realpath, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { readTool } from "../read/mod.ts";
import { editTool } from "./mod.ts";

const fs = new LocalFileSystem();
const edit = editTool(fs);
const read = readTool(fs);
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const one = (old_str: string, new_str: string, replace_all?: boolean) => (replace_all === undefined ? { old_str, new_str } : { old_str, new_str, replace_all });

describe("Edit", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let root: string;
  let file: string;
  const SOURCE = "function add(a, b) {\n  return a + b;\n}\n\nfunction sub(a, b) {\n  return a - b;\n}\n";

  beforeEach(async () => {
    dir = await makeTempDir("ursa-edit");
    root = await realpath(dir.path);
    file = `${root}/math.js`;
    await writeFile(file, SOURCE);
  });
  afterEach(() => dir.remove());

  const run = async (replacements: ReturnType<typeof one>[], context = makeToolContext(root)) => edit.execute({ file_path: "math.js", replacements }, context.ctx);

  it("replaces one exact occurrence, writes the file and reports the line counts", async () => {
    const result = await run([one("  return a + b;\n", "  const sum = a + b;\n  return sum;\n")]);
    expect(result).toEqual({ output: `Edited ${file}: 1 replacement (+2 −1 lines)`, success: true });
    expect(await readFile(file, "utf8")).toBe(SOURCE.replace("  return a + b;\n", "  const sum = a + b;\n  return sum;\n"));
  });

  it("notes the new content as read, so a second edit passes the staleness check", async () => {
    const context = makeToolContext(root);
    await read.execute({ file_path: "math.js" }, context.ctx);
    await run([one("a + b", "b + a")], context);
    expect(context.files.lastRead(file)?.digest).toBe(sha256(await readFile(file, "utf8")));
    context.files.noteWrite(file, "Edit");
    expect((await run([one("a - b", "b - a")], context)).success).toBe(true);
  });

  it("replaces every occurrence with replace_all and counts them", async () => {
    const result = await run([one("(a, b)", "(x, y)", true)]);
    expect(result.output).toBe(`Edited ${file}: 2 replacements (+2 −2 lines)`);
    expect(await readFile(file, "utf8")).not.toContain("(a, b)");
  });

  it("refuses an ambiguous old_str, naming the lines of every match", async () => {
    await writeFile(file, "x = 1\ny = 2\nx = 1\n\nx = 1\n");
    const result = await run([one("x = 1", "x = 3")]);
    expect(result.success).toBe(false);
    expect(result.output).toBe("Error: math.js: old_str matches 3 times, at lines 1, 3, 5. Include more surrounding lines to make it unique, or set replace_all: true to replace every occurrence.");
    expect(await readFile(file, "utf8")).toBe("x = 1\ny = 2\nx = 1\n\nx = 1\n");
  });

  it("applies replacements in order, each to the previous result", async () => {
    const result = await run([one("add", "plus"), one("function plus", "export function plus")]);
    expect(result.output).toBe(`Edited ${file}: 2 replacements (+1 −1 lines)`);
    expect(await readFile(file, "utf8")).toContain("export function plus(a, b) {");
  });

  it("writes nothing when a later replacement fails", async () => {
    const result = await run([one("a + b", "a * b"), one("return a / b;", "return 0;")]);
    expect(result.success).toBe(false);
    expect(result.output).toMatch(/^Error: math\.js: replacement 2 of 2: old_str was not found in the file \(after the earlier replacements\)\./);
    expect(result.output).toMatch(/None of the replacements were applied; the file is unchanged\.$/);
    expect(await readFile(file, "utf8")).toBe(SOURCE);
  });

  it("gives the closest match, with its line numbers, when old_str is not found", async () => {
    const result = await run([one("function sub(a, c) {\n  return a - c;\n}", "x")]);
    expect(result.output).toContain("old_str was not found in the file. The most similar text is at lines 5-7");
    expect(result.output).toContain("5\tfunction sub(a, b) {\n6\t  return a - b;\n7\t}");
  });

  it("says when only the indentation differs", async () => {
    const result = await run([one("function add(a, b) {\n    return a + b;\n}", "x")]);
    expect(result.output).toContain("Lines 1-3 match old_str except for whitespace (only whitespace or indentation differs)");
    expect(result.output).toContain("2\t  return a + b;");
  });

  it("refuses an empty old_str, an old_str equal to new_str, and placeholder text", async () => {
    expect((await run([one("", "x")])).output).toBe("Error: math.js: old_str is empty. To create a file or replace all of it, use Write.");
    expect((await run([one("a + b", "a + b")])).output).toMatch(/old_str and new_str are identical/);
    const placeholder = await run([one("function add(a, b) {\n  return a + b;\n}", "function add(a, b) {\n  // ... rest of code\n}")]);
    expect(placeholder.output).toMatch(/new_str contains the placeholder "\/\/ \.\.\. rest of code"/);
    expect(await readFile(file, "utf8")).toBe(SOURCE);
  });

  it("takes `$&` and `$1` in new_str literally", async () => {
    await run([one("a + b", "$& + $1")]);
    expect(await readFile(file, "utf8")).toContain("return $& + $1;");
  });

  it("matches old_str written with \\n in a file with CRLF line endings, keeping CRLF", async () => {
    await writeFile(file, "one\r\ntwo\r\nthree\r\n");
    const result = await run([one("one\ntwo\n", "1\n2\n")]);
    expect(result.success).toBe(true);
    expect(await readFile(file, "utf8")).toBe("1\r\n2\r\nthree\r\n");
  });

  it("refuses a missing file and a directory", async () => {
    await mkdir(`${root}/d`);
    const missing = await edit.execute({ file_path: "nope.js", replacements: [one("a", "b")] }, makeToolContext(root).ctx);
    expect(missing).toEqual({ output: "Error: nope.js does not exist. To create it, use Write.", success: false });
    const directory = await edit.execute({ file_path: "d", replacements: [one("a", "b")] }, makeToolContext(root).ctx);
    expect(directory.output).toBe("Error: d is not a regular file.");
  });

  describe("staleness", () => {
    it("refuses to edit a file changed on disk since it was read, naming the last writer", async () => {
      const context = makeToolContext(root);
      await read.execute({ file_path: "math.js" }, context.ctx);
      await writeFile(file, SOURCE.replace("a - b", "b - a"));
      context.files.noteWrite(file, "Bash");
      const result = await run([one("a + b", "a * b")], context);
      expect(result.success).toBe(false);
      expect(result.output).toMatch(/^Error: math\.js was changed by Bash \d+s ago, after you last read it\. Read it again, then redo the edit/);
      expect(await readFile(file, "utf8")).toBe(SOURCE.replace("a - b", "b - a"));
    });

    it("says the change came from outside Ursa when no tool of the session made it", async () => {
      const context = makeToolContext(root);
      await read.execute({ file_path: "math.js" }, context.ctx);
      await writeFile(file, `${SOURCE}// edited in the user's editor\n`);
      expect((await run([one("a + b", "a * b")], context)).output).toBe(
        "Error: math.js was changed outside Ursa since you last read it. Read it again, then redo the edit against its current content.",
      );
    });

    it("does not blame Edit, which notes what it writes, for a later outside change", async () => {
      const context = makeToolContext(root);
      await run([one("a + b", "a * b")], context);
      context.files.noteWrite(file, "Edit");
      await writeFile(file, SOURCE);
      expect((await run([one("a - b", "b - a")], context)).output).toMatch(/changed outside Ursa since you last read it/);
    });

    it("allows the edit again after a fresh Read", async () => {
      const context = makeToolContext(root);
      await read.execute({ file_path: "math.js" }, context.ctx);
      await writeFile(file, SOURCE.replace("a - b", "b - a"));
      expect((await run([one("a + b", "a * b")], context)).success).toBe(false);
      await read.execute({ file_path: "math.js" }, context.ctx);
      expect((await run([one("a + b", "a * b")], context)).success).toBe(true);
    });

    it("allows editing a file never read in this session", async () => {
      expect((await run([one("a + b", "a * b")])).success).toBe(true);
    });
  });

  describe("preview", () => {
    it("is a unified diff of the whole edit, named by the path relative to the project", async () => {
      const { ctx } = makeToolContext(root);
      const preview = await edit.preview!({ file_path: "math.js", replacements: [one("a + b", "a * b"), one("a - b", "a / b")] }, ctx);
      expect(preview).toEqual({
        kind: "edit",
        path: file,
        diff: "--- math.js\n+++ math.js\n@@ -1,7 +1,7 @@\n function add(a, b) {\n-  return a + b;\n+  return a * b;\n }\n \n function sub(a, b) {\n-  return a - b;\n+  return a / b;\n }",
        truncated: false,
      });
      expect(await readFile(file, "utf8")).toBe(SOURCE);
    });

    it("is cut at 40 lines and says so", async () => {
      await writeFile(file, Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n"));
      const { ctx } = makeToolContext(root);
      const preview = await edit.preview!({ file_path: "math.js", replacements: [one("line", "LINE", true)] }, ctx);
      expect(preview?.kind).toBe("edit");
      if (preview?.kind !== "edit") return;
      expect(preview.diff.split("\n")).toHaveLength(40);
      expect(preview.truncated).toBe(true);
    });

    it("shows a change too large to diff line by line as the whole file replaced, and counts it so", async () => {
      const before = Array.from({ length: 3_000 }, (_, i) => `line ${i}\n`).join("");
      await writeFile(file, before);
      const { ctx } = makeToolContext(root);
      const input = { file_path: "math.js", replacements: [one("line", "LINE", true)] };
      const preview = await edit.preview!(input, ctx);
      expect(preview).toMatchObject({ kind: "edit", truncated: true });
      if (preview?.kind !== "edit") return;
      expect(preview.diff.split("\n").slice(0, 4)).toEqual(["--- math.js", "+++ math.js", "@@ -1,3000 +1,3000 @@", "-line 0"]);
      expect(await edit.execute(input, ctx)).toEqual({ output: `Edited ${file}: 3000 replacements (+3000 −3000 lines)`, success: true });
    });

    it("is null for an edit that would fail", async () => {
      const { ctx } = makeToolContext(root);
      expect(await edit.preview!({ file_path: "math.js", replacements: [one("nowhere", "x")] }, ctx)).toBeNull();
    });
  });

  it("declares its path and is a local mutation", () => {
    const input = { file_path: "math.js", replacements: [one("a", "b")] };
    expect(edit.paths!(input)).toEqual(["math.js"]);
    expect(edit.classify(input)).toBe("local_mutation");
  });
});
