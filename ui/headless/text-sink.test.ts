import { describe, expect, it } from "vitest";
import { TextSink } from "./text-sink.ts";

function sink(): { sink: TextSink; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { sink: new TextSink({ write: (t) => out.push(t) }, { write: (t) => err.push(t) }, { color: false }), out, err };
}

describe("TextSink", () => {
  it("prints a streamed command's output once: the lines as they came, then only the outcome", () => {
    const { sink: s, err } = sink();
    s.handle({ type: "tool_call_started", id: "c1", name: "Bash", args: { command: "ls" } } as never);
    s.handle({ type: "tool_output_line", id: "c1", line: "a.txt", isStderr: false } as never);
    s.handle({ type: "tool_output_line", id: "c1", line: "b.txt", isStderr: false } as never);
    s.handle({ type: "tool_call_finished", id: "c1", name: "Bash", output: "a.txt\nb.txt", success: true } as never);
    const printed = err.join("");
    expect(printed.match(/a\.txt/g)).toHaveLength(1);
    expect(printed).toBe("⚡ Bash ls\n│ a.txt\n│ b.txt\n✓ Bash\n");
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
