/** What running a tool call does to the world; the trust matrix decides on this. */
export const TOOL_EFFECTS = ["read_only", "local_mutation", "destructive", "remote_action"] as const;
export type ToolEffect = (typeof TOOL_EFFECTS)[number];
