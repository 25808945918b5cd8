import { definePlugin, type ToolDefinition } from "#plugin-api";

interface TaskInput {
  description: string;
  prompt: string;
}

export const taskTool: ToolDefinition<TaskInput> = {
  name: "Task",
  description: `Hand a self-contained piece of work to a sub-agent: it starts with a fresh context, uses the
same tools, and answers with a report. Use it to explore a large codebase, research a question, or do
a focused change without filling your own context. It cannot ask the user anything: in safe mode it may
only read; in auto mode it may change files in the project, but destructive actions and changes
outside the project are refused to it. The prompt
must say everything it needs to know and what to report back; it cannot see this conversation.`,
  parameters: {
    type: "object",
    properties: {
      description: { type: "string", minLength: 1, description: "A few words naming the task (shown to the user)." },
      prompt: { type: "string", minLength: 1, description: "The complete instructions for the sub-agent." },
    },
    required: ["description", "prompt"],
    additionalProperties: false,
  },
  // The sub-agent's own calls are judged by the trust matrix; starting one changes nothing.
  classify: () => "read_only",
  async execute(input, ctx) {
    if (!ctx.spawnAgent) return { output: "Error: a sub-agent cannot start another sub-agent; do the work yourself.", success: false };
    const { sessionId, answer, outcome } = await ctx.spawnAgent({ name: "task", description: input.description.slice(0, 80), prompt: input.prompt });
    const ended = outcome.kind === "complete" ? "" : outcome.kind === "cancelled" ? " It was interrupted." : ` It failed: ${outcome.message}`;
    const report = answer.trim() || "(the sub-agent gave no answer)";
    return { output: `${report}\n\n[sub-agent session ${sessionId}.${ended}]`, success: outcome.kind === "complete" };
  },
};

export default definePlugin({
  id: "ursa.task",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(taskTool);
  },
});
