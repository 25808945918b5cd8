/**
 * The columns each synced table carries over the wire, in one order shared by push (local
 * select → remote upsert) and pull (remote select → local upsert). Columns that never leave
 * the machine are absent: sessions.local_only and last_accessed_at, file_changes.before_content
 * and undoable (undo stays on the device that made the change).
 */
export const SESSION_COLUMNS = [
  "id", "agent_name", "project_key", "project_root", "parent_id", "title", "title_updated_at", "title_device_id",
  "mode", "mode_updated_at", "mode_device_id", "deleted_at", "created_at", "updated_at", "device_id", "lease_device_id", "lease_until",
  "created_device_id",
] as const;

export const MESSAGE_COLUMNS = [
  "id", "session_id", "sort_key", "role", "content", "full_content", "tool_calls", "tool_call_id", "thinking_content",
  "thinking_signature", "prompt_tokens", "completion_tokens", "cache_read_tokens", "cache_creation_tokens", "thinking_tokens",
  "stop_reason", "agent_name", "completed_at", "compacted_at", "created_at", "updated_at", "device_id", "model", "provider", "cost_usd",
] as const;

export const METADATA_COLUMNS = ["session_id", "key", "value", "updated_at", "device_id"] as const;

export const FILE_CHANGE_COLUMNS = [
  "id", "session_id", "turn_id", "path", "kind", "added", "removed", "tool", "undone_at", "created_at", "updated_at", "device_id",
] as const;

export const TOMBSTONE_COLUMNS = ["table_name", "row_id", "deleted_at", "device_id"] as const;

/**
 * The `table_name` of a server tombstone saying that its device made the session `row_id`
 * local-only: other devices' copies become local-only at their next pull, and rows pushed for
 * it (by a device that has not pulled that yet) are dropped on the server. Sharing the session
 * again lifts it. Never stored locally.
 */
export const MADE_LOCAL = "local_sessions";

/**
 * Session metadata that describes this machine's own state, not the session: never pushed.
 * `pending_file_change` is a tool's change in flight (its before-content, for recovery after a
 * crash), which means nothing on another machine.
 */
export const LOCAL_METADATA_KEYS: readonly string[] = ["pending_file_change"];

export type SyncedTable = "sessions" | "messages" | "session_metadata" | "file_changes" | "tombstones";

export interface TableSpec {
  readonly name: SyncedTable;
  readonly columns: readonly string[];
  readonly key: readonly string[];
  /** Child tables hang off a session (tombstone rule: dropped when it is deleted). */
  readonly child: boolean;
}

/** In dependency order: sessions before what hangs off them; tombstones last. */
export const SYNCED_TABLES: readonly TableSpec[] = [
  { name: "sessions", columns: SESSION_COLUMNS, key: ["id"], child: false },
  { name: "messages", columns: MESSAGE_COLUMNS, key: ["id"], child: true },
  { name: "session_metadata", columns: METADATA_COLUMNS, key: ["session_id", "key"], child: true },
  { name: "file_changes", columns: FILE_CHANGE_COLUMNS, key: ["id"], child: true },
  { name: "tombstones", columns: TOMBSTONE_COLUMNS, key: ["table_name", "row_id"], child: false },
];

export const CHILD_TABLES = SYNCED_TABLES.filter((t) => t.child).map((t) => t.name);

/** Rows per multi-row statement: 40 rows × 25 columns stays far below SQLite's 32,766 parameters. */
export const ROWS_PER_STATEMENT = 40;

/**
 * Rows travel as ONE JSON text (an array of arrays), not as bound values: @libsql/client builds
 * an object per value and per result cell, which for a 1,000-row chunk of messages costs tens of
 * milliseconds of blocked event loop; a JSON text is encoded and parsed natively, in a few.
 * This selects `columns` as one JSON text from `from` (a table or a subquery with its clauses).
 */
export function selectAsJson(columns: readonly string[], from: string): string {
  return `SELECT json_group_array(json_array(${columns.join(", ")})) FROM ${from}`;
}

/** The other side of selectAsJson: `json_extract(value, '$[0]'), …` over `json_each(?)`'s rows. */
export function jsonColumns(count: number): string {
  return Array.from({ length: count }, (_, i) => `json_extract(value, '$[${i}]')`).join(", ");
}

/** Reads a selectAsJson result. */
export function parseJsonRows(value: unknown): unknown[][] {
  return typeof value === "string" ? (JSON.parse(value) as unknown[][]) : [];
}

/** `(?, ?, …), (?, ?, …)` for `rows` rows of `columns` values, with an optional extra SQL value per row. */
export function valuesList(rows: number, columns: number, extra?: string): string {
  const one = `(${Array.from({ length: columns }, () => "?").join(", ")}${extra ? `, ${extra}` : ""})`;
  return Array.from({ length: rows }, () => one).join(", ");
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The SQL row-value test "the incoming write is not older" (incomingWins in core/domain/sync-merge.ts). */
export function incomingWinsSql(held: string, at = "updated_at", device = "device_id"): string {
  return `(excluded.${at}, excluded.${device}) >= (${held}.${at}, ${held}.${device})`;
}

/** `WITH RECURSIVE family(id)`: the sessions `seed` selects and their sub-agents' sessions, at any depth. */
export function familyOf(seed: string): string {
  return `WITH RECURSIVE family(id) AS (${seed} UNION SELECT s.id FROM sessions s JOIN family f ON s.parent_id = f.id)`;
}
