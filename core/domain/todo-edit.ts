import type { TodoItem } from "./engine-event.ts";

/** The user's edits to the todo list, from the dashboard or a command. */
export type TodoEdit =
  | { readonly op: "add"; readonly content: string; readonly priority?: TodoItem["priority"] }
  | { readonly op: "set_status"; readonly index: number; readonly status: TodoItem["status"] }
  | { readonly op: "edit"; readonly index: number; readonly content: string }
  | { readonly op: "remove"; readonly index: number };
