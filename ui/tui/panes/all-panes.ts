/**
 * Every pane of the dashboard, one line each. Adding a pane is a new file with its PaneSpec
 * and one line here; the layout, Tab order, keys, mouse, slash commands and saved sizes all
 * come from the spec.
 */
export { inputPane } from "./input-pane.ts";
export { conversationPane } from "./conversation-pane.ts";
export { sessionsPane } from "./sessions-pane.ts";
export { todosPane } from "./todos-pane.ts";
export { filesPane } from "./files-pane.ts";
export { statusPane } from "./status-pane.ts";
export { pluginsPane } from "./plugins-pane.ts";
