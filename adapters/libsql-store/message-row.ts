import type { InStatement, Row } from "@libsql/client";
import { newId } from "../../core/domain/ids.ts";
import { compareRows } from "../../core/domain/message-order.ts";
import { ROLES, type NewMessage, type Role, type StoredMessage, type ToolCall } from "../../core/domain/message.ts";
import { integer, optionalInteger, optionalReal, optionalText, text } from "./column-values.ts";

/** Rows compaction has not archived (core/domain/context-pruning.ts isActive, as SQL). */
export const ACTIVE = "compacted_at IS NULL";
/** Rows that reach the model (core/domain/context-pruning.ts reachesModel, as SQL): unfinished replies never do. */
export const IN_CONTEXT = `${ACTIVE} AND (role != 'assistant' OR completed_at IS NOT NULL)`;

/**
 * A select of one session's messages that returns ONE row holding a JSON array of them; read it
 * with parseMessages. @libsql/client builds each result row with several Object.defineProperty
 * calls per column, which made a 10,000-message context take ~130 ms (and ~20 ms even with one
 * column per row); aggregating inside SQLite and parsing once takes ~25 ms.
 * `where` filters `messages` (its first parameter is the session id); with `newestLimit` only the
 * newest N rows are taken (N a bound `?` after the where clause's parameters).
 */
export function selectMessages(where: string, newestLimit = false): string {
  const from = newestLimit
    ? `(SELECT * FROM messages WHERE ${where} ORDER BY sort_key DESC, id DESC LIMIT ?)`
    : `messages WHERE ${where}`;
  // No ORDER BY inside the aggregate: it would sort rows the (session_id, sort_key, id) index already
  // delivers in order, ~8 ms per 10,000. parseMessages checks the order instead.
  return `SELECT json_group_array(json_array(${JSON_COLUMNS})) FROM ${from}`;
}

/**
 * Reads the result of a selectMessages query as messages of `sessionId`, oldest first. SQL does
 * not promise the order an aggregate sees its rows in, so it is checked, and sorted if it is off
 * (a newest-first page always is).
 */
export function parseMessages(rows: readonly Row[], sessionId: string): StoredMessage[] {
  return parseOrderedRows(rows).map((v) => toStoredMessage(v, sessionId));
}

/**
 * The rows of a `json_group_array(json_array(id, sort_key, ...))` result, in (sort_key, id)
 * order: checked, and sorted if the aggregate saw them in another order.
 */
export function parseOrderedRows(rows: readonly Row[]): unknown[][] {
  const values = JSON.parse(text(rows[0]?.[0])) as unknown[][];
  if (!isOrdered(values)) values.sort((a, b) => compareKeys(a, b));
  return values;
}

// The session id is left out (the caller knows it); sort_key comes along for the order check.
// tool_calls goes through json() so it arrives parsed, not as a string to parse again.
const JSON_COLUMNS =
  "id, sort_key, role, content, full_content, json(tool_calls), tool_call_id, thinking_content, thinking_signature, " +
  "prompt_tokens, completion_tokens, cache_read_tokens, cache_creation_tokens, thinking_tokens, stop_reason, " +
  "agent_name, completed_at, compacted_at, created_at, model, provider, cost_usd";

/** (sort_key, id) order (core/domain/message-order.ts) of two JSON rows. */
function compareKeys(a: unknown[], b: unknown[]): number {
  return compareRows({ sortKey: text(a[1]), id: text(a[0]) }, { sortKey: text(b[1]), id: text(b[0]) });
}

function isOrdered(values: unknown[][]): boolean {
  for (let i = 1; i < values.length; i++) if (compareKeys(values[i - 1]!, values[i]!) > 0) return false;
  return true;
}

function toStoredMessage(v: unknown[], sessionId: string): StoredMessage {
  return {
    id: text(v[0]),
    sessionId,
    role: toRole(v[2]),
    content: optionalText(v[3]),
    fullContent: optionalText(v[4]),
    toolCalls: (v[5] ?? []) as ToolCall[],
    toolCallId: optionalText(v[6]),
    thinkingContent: optionalText(v[7]),
    thinkingSignature: optionalText(v[8]),
    // Usage is stored all-or-nothing: prompt_tokens is NULL exactly when the message had none.
    usage: v[9] === null ? null : {
      promptTokens: integer(v[9]),
      completionTokens: integer(v[10]),
      cacheReadTokens: integer(v[11]),
      cacheCreationTokens: integer(v[12]),
      thinkingTokens: integer(v[13]),
      stopReason: optionalText(v[14]) ?? "",
    },
    agentName: optionalText(v[15]),
    completedAt: optionalInteger(v[16]),
    compactedAt: optionalInteger(v[17]),
    createdAt: integer(v[18]),
    model: optionalText(v[19]),
    provider: optionalText(v[20]),
    costUsd: optionalReal(v[21]),
  };
}

const INSERT_MESSAGE =
  `INSERT INTO messages (id, session_id, sort_key, role, content, full_content, tool_calls, tool_call_id, thinking_content,
     thinking_signature, prompt_tokens, completion_tokens, cache_read_tokens, cache_creation_tokens, thinking_tokens,
     stop_reason, agent_name, completed_at, created_at, updated_at, device_id, model, provider, cost_usd, compacted_at)
   SELECT ?, id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM sessions WHERE id = ? AND deleted_at IS NULL`;

/** Inserts nothing when the session is missing or deleted: the caller checks rowsAffected. */
export function insertMessageStatement(input: {
  sessionId: string;
  message: NewMessage;
  now: number;
  deviceId: string;
  id?: string;
  sortKey?: string;
}): InStatement {
  const { message: m, now } = input;
  const id = input.id ?? newId();
  const usage = m.usage
    ? [m.usage.promptTokens, m.usage.completionTokens, m.usage.cacheReadTokens, m.usage.cacheCreationTokens, m.usage.thinkingTokens, m.usage.stopReason]
    : [null, null, null, null, null, null];
  return {
    sql: INSERT_MESSAGE,
    args: [
      id, input.sortKey ?? id, m.role, m.content ?? null, m.fullContent ?? null,
      // NULL rather than "[]" for no calls, so "has tool calls" is a plain IS NOT NULL in SQL.
      m.toolCalls && m.toolCalls.length > 0 ? JSON.stringify(m.toolCalls) : null,
      m.toolCallId ?? null, m.thinkingContent ?? null, m.thinkingSignature ?? null, ...usage,
      m.agentName ?? null, m.complete ? (m.completedAt ?? now) : null, m.createdAt ?? now, now, input.deviceId, m.model ?? null, m.provider ?? null, m.costUsd ?? null,
      m.compactedAt ?? null, input.sessionId,
    ],
  };
}

export function toRole(value: unknown): Role {
  const role = text(value);
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`Unknown message role in database: ${role}`);
  return role as Role;
}
