import { describe, expect, it } from "vitest";
import { TextSink } from "./text-sink.ts";

function sink(): { sink: TextSink; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { sink: new TextSink({ write: (t) => out.push(t) }, { write: (t) => err.push(t) }, { color: false }), out, err };
}

describe("TextSink", () => {
  it("prints a streamed command's output once: the lines as they came, then what else the result says", () => {
    const { sink: s, err } = sink();
    s.handle({ type: "tool_call_started", id: "c1", name: "Bash", args: { command: "ls; false" } } as never);
    s.handle({ type: "tool_output_line", id: "c1", line: "a.txt", isStderr: false } as never);
    s.handle({ type: "tool_output_line", id: "c1", line: "b.txt", isStderr: false } as never);
    s.handle({ type: "tool_call_finished", id: "c1", name: "Bash", output: "Exit code: 1 | stdout: 2 lines | stderr: 0 lines\nstdout:\na.txt\nb.txt", success: false } as never);
    const printed = err.join("");
    expect(printed.match(/a\.txt/g)).toHaveLength(1);
    expect(printed).toBe("⚡ Bash ls; false\n│ a.txt\n│ b.txt\n✗ Bash\n│ Exit code: 1 | stdout: 2 lines | stderr: 0 lines\n");
  });

  it("keeps a section label only while something is left under it", () => {
    const { sink: s, err } = sink();
    s.handle({ type: "tool_call_started", id: "c5", name: "Bash", args: { command: "make" } } as never);
    s.handle({ type: "tool_output_line", id: "c5", line: "warning: x", isStderr: true } as never);
    s.handle({ type: "tool_output_line", id: "c5", line: "built", isStderr: false } as never);
    s.handle({
      type: "tool_call_finished",
      id: "c5",
      name: "Bash",
      output: "Exit code: 0 | stdout: 30 lines | stderr: 1 line\nstderr (1 line):\nwarning: x\nstdout (last 2 of 30 lines):\nline cut short…\nbuilt\n[The full output is kept: RecallContext can search it.]",
      success: true,
    } as never);
    s.handle({ type: "tool_call_started", id: "c6", name: "Bash", args: { command: "true" } } as never);
    s.handle({ type: "tool_output_line", id: "c6", line: "ok", isStderr: false } as never);
    s.handle({ type: "tool_call_finished", id: "c6", name: "Bash", output: "Exit code: 0 | stdout: 1 line | stderr: 0 lines\nstdout:\nok\n[The full output is kept: RecallContext can search it.]", success: true } as never);
    expect(err.join("")).toBe(
      "⚡ Bash make\n│ warning: x\n│ built\n✓ Bash\n│ Exit code: 0 | stdout: 30 lines | stderr: 1 line\n│ stdout (last 2 of 30 lines):\n│ line cut short…\n│ [The full output is kept: RecallContext can search it.]\n" +
        "⚡ Bash true\n│ ok\n✓ Bash\n│ Exit code: 0 | stdout: 1 line | stderr: 0 lines\n│ [The full output is kept: RecallContext can search it.]\n",
    );
  });

  it("prints the whole result of a tool whose streamed lines were progress notes", () => {
    const { sink: s, err } = sink();
    s.handle({ type: "tool_output_line", id: "c4", line: "echoing 4 characters", isStderr: false } as never);
    s.handle({ type: "tool_call_finished", id: "c4", name: "Echo", output: "ECHO", success: true } as never);
    expect(err.join("")).toBe("│ echoing 4 characters\n✓ Echo\n│ ECHO\n");
  });

  it("prints the head of a result that was not streamed (Read, Grep…)", () => {
    const { sink: s, err } = sink();
    s.handle({ type: "tool_call_finished", id: "c2", name: "Read", output: "1\n2\n3\n4\n5\n6\n7\n8", success: true } as never);
    expect(err.join("")).toBe("✓ Read\n│ 1\n│ 2\n│ 3\n│ 4\n│ 5\n│ 6\n│ … 2 more lines\n");
  });

  it("keeps narration before a tool call off stdout and prints only the final answer there", () => {
    const { sink: s, out, err } = sink();
    s.handle({ type: "text_delta", text: "Let me look." } as never);
    s.handle({ type: "tool_call_started", id: "c3", name: "Glob", args: { pattern: "*.ts" } } as never);
    s.handle({ type: "text_delta", text: "Done." } as never);
    s.finish();
    expect(out.join("")).toBe("Done.\n");
    expect(err.join("")).toContain("Let me look.\n");
  });
});
