import { definePlugin, TODO_PRIORITIES, TODO_STATUSES, type TodoItem, type ToolDefinition } from "#plugin-api";
import { TODO_WRITE_DESCRIPTION } from "./description.ts";

interface TodoWriteInput {
  todos: TodoItem[];
}

export const todoWriteTool: ToolDefinition<TodoWriteInput> = {
  name: "TodoWrite",
  description: TODO_WRITE_DESCRIPTION,
  aliases: ["todo"],
  parameters: {
    type: "object",
    properties: {
      todos: {
        type: "array",
        description: "The complete list; it replaces the previous one.",
        items: {
          type: "object",
          properties: {
            content: { type: "string", minLength: 1 },
            status: { type: "string", enum: [...TODO_STATUSES] },
            priority: { type: "string", enum: [...TODO_PRIORITIES] },
          },
          required: ["content", "status", "priority"],
          additionalProperties: false,
        },
      },
    },
    required: ["todos"],
    additionalProperties: false,
  },
  // Planning changes nothing outside the session, so it is allowed in every mode, plan included.
  classify: () => "read_only",
  async execute(input, ctx) {
    const blank = input.todos.findIndex((t) => t.content.trim() === "");
    if (blank >= 0) return { output: `Invalid todo list: item ${blank + 1} has no content.`, success: false };
    const active = input.todos.filter((t) => t.status === "in_progress").length;
    if (active > 1) {
      return { output: `Invalid todo list: ${active} tasks are marked 'in_progress'. Only one task may be in progress at a time.`, success: false };
    }
    const { changed } = await ctx.todos.write(input.todos);
    if (!changed) {
      return {
        output: `Todo list unchanged (${input.todos.length} tasks). Do not call TodoWrite again unless you are changing a task's status or content.`,
        success: true,
      };
    }
    return { output: render(input.todos), success: true };
  },
};

function render(items: readonly TodoItem[]): string {
  if (items.length === 0) return "Todo list cleared.";
  const done = items.filter((t) => t.status === "completed").length;
  const lines = items.map((t) => `  ${t.status === "completed" ? "[x]" : t.status === "in_progress" ? "[→]" : "[ ]"} ${t.content}${t.priority === "high" ? " ⚡" : ""}`);
  return `Todo list updated (${done}/${items.length} done):\n${lines.join("\n")}`;
}

export default definePlugin({
  id: "ursa.todo-write",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(todoWriteTool);
  },
});
