import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Tool } from "../../core/ports/tool.ts";
import { createHarness, type Harness } from "../../test/support/engine-harness.ts";
import { textReply, toolReply } from "../../test/fakes/scripted-provider.ts";

/** Stands in for Bash: changes a file it does not declare, so the engine finds the change by scanning. */
const appendTool: Tool<{ file: string; text: string }> = {
  name: "Append",
  description: "test",
  parameters: { type: "object", properties: { file: { type: "string" }, text: { type: "string" } }, required: ["file", "text"] },
  classify: () => "local_mutation",
  changesUndeclaredFiles: true,
  async execute(input) {
    appendFileSync(input.file, input.text);
    return { output: "appended", success: true };
  },
};

describe("Edit in the engine (koda §10.21: Read f, modify f, Edit f → staleness error naming the last writer)", () => {
  let h: Harness;
  afterEach(() => h.cleanup());

  it("refuses an edit after another tool changed the file since the Read, then succeeds after a fresh Read", async () => {
    // Edit is a built-in, so the harness already registers it.
    h = await createHarness({ extraTools: [appendTool as never] });
    const file = join(h.dir, "f.txt");
    writeFileSync(file, "alpha\nbeta\n");
    const edit = { name: "Edit", input: { file_path: "f.txt", replacements: [{ old_str: "beta", new_str: "gamma" }] } };
    h.provider.push(
      toolReply([{ name: "Read", input: { file_path: "f.txt" } }]),
      toolReply([{ name: "Append", input: { file, text: "delta\n" } }]),
      toolReply([edit]),
      toolReply([{ name: "Read", input: { file_path: "f.txt" } }]),
      toolReply([edit]),
      toolReply([{ ...edit, input: { file_path: "f.txt", replacements: [{ old_str: "alpha", new_str: "ALPHA" }] } }]),
      textReply("done"),
    );
    expect(await h.session.prompt("go")).toEqual({ kind: "complete" });
    const edits = h.of("tool_call_finished").filter((e) => e.name === "Edit");
    expect(edits[0]!.success).toBe(false);
    expect(edits[0]!.output).toMatch(/^Error: f\.txt was changed by Append \d+s ago, after you last read it\. Read it again/);
    expect(edits[1]).toMatchObject({ success: true, output: `Edited ${file}: 1 replacement (+1 −1 lines)` });
    // Edit noted what it wrote, so the next edit needs no Read, and Edit is not blamed.
    expect(edits[2]!.success).toBe(true);
    expect(readFileSync(file, "utf8")).toBe("ALPHA\ngamma\ndelta\n");
  });
});
