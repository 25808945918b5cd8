/** The statements of compaction, microcompact and purge: the life of archived rows. */
import type { InStatement, Row, Transaction } from "@libsql/client";
import type { CompactedStats } from "../../core/domain/session-info.ts";
import { COMPACTION_CONTINUATION, COMPACTION_SUMMARY_PREFIX } from "../../core/domain/compaction-text.ts";
import { integer, optionalInteger, text } from "./column-values.ts";
import { ACTIVE, insertMessageStatement } from "./message-row.ts";

/** SQLite's default limit is 32766 bound parameters; batches of 100 stay far below it. */
const UPDATE_BATCH = 100;

/**
 * Archives all active rows of the session but the last `preserveCount` and inserts the summary
 * pair between them; runs inside the caller's write transaction. Returns the number archived;
 * 0 (and nothing written) when there is nothing to archive.
 */
export async function compactInTransaction(
  tx: Transaction,
  input: { sessionId: string; summary: string; preserveCount: number; now: number; deviceId: string },
): Promise<number> {
  const { sessionId, now, deviceId } = input;
  const active = await tx.execute({
    sql: `SELECT sort_key, id, role FROM messages WHERE session_id = ? AND ${ACTIVE} ORDER BY sort_key, id`,
    args: [sessionId],
  });
  let archivedCount = active.rows.length - input.preserveCount;
  // Never split a tool call from its results: a kept result whose call was archived would be
  // pruned from the context as an orphan. Keep the calling reply too.
  while (archivedCount > 0 && archivedCount < active.rows.length && text(active.rows[archivedCount]![2]) === "tool") archivedCount--;
  if (archivedCount < 1) return 0;
  const [anchorKey, anchorId] = [text(active.rows[archivedCount - 1]![0]), text(active.rows[archivedCount - 1]![1])];
  await tx.execute({
    sql: `UPDATE messages SET compacted_at = ?, updated_at = ?, device_id = ?
          WHERE session_id = ? AND ${ACTIVE} AND (sort_key, id) <= (?, ?)`,
    args: [now, now, deviceId, sessionId, anchorKey, anchorId],
  });
  // Ids are fixed-length, so "<key>~1" sorts after <key> and before every later key: the pair lands
  // between the archived rows and the preserved tail although its ids are newer than both. Using
  // the anchor's sort_key (not its id) keeps this true when the anchor is an earlier summary.
  const summary = { role: "system", content: COMPACTION_SUMMARY_PREFIX + input.summary, complete: true } as const;
  const continuation = { role: "assistant", content: COMPACTION_CONTINUATION, complete: true } as const;
  await tx.execute(insertMessageStatement({ sessionId, message: summary, now, deviceId, sortKey: `${anchorKey}~1` }));
  await tx.execute(insertMessageStatement({ sessionId, message: continuation, now, deviceId, sortKey: `${anchorKey}~2` }));
  await tx.execute({
    sql: "UPDATE sessions SET updated_at = ?, device_id = ? WHERE id = ? AND deleted_at IS NULL",
    args: [now, deviceId, sessionId],
  });
  return archivedCount;
}

/**
 * Microcompact: the model-facing content becomes `stub`. A row without full_content had its whole
 * output in content, so that output moves to full_content first, where RecallContext still finds it.
 */
export function clearContentStatements(ids: readonly string[], stub: string, now: number, deviceId: string): InStatement[] {
  const statements: InStatement[] = [];
  for (let i = 0; i < ids.length; i += UPDATE_BATCH) {
    const batch = ids.slice(i, i + UPDATE_BATCH);
    statements.push({
      sql: `UPDATE messages SET full_content = COALESCE(full_content, content), content = ?, updated_at = ?, device_id = ?
            WHERE id IN (${batch.map(() => "?").join(", ")})`,
      args: [stub, now, deviceId, ...batch],
    });
  }
  return statements;
}

const bytes = (column: string): string => `COALESCE(length(CAST(${column} AS BLOB)), 0)`;

/** sizeBytes is the UTF-8 size of every text an archived row holds, for the "run /purge" nudge. */
export const SELECT_COMPACTED_STATS =
  `SELECT COUNT(*), COUNT(DISTINCT session_id),
     COALESCE(SUM(${bytes("content")} + ${bytes("full_content")} + ${bytes("thinking_content")} + ${bytes("tool_calls")}), 0),
     MIN(compacted_at)
   FROM messages WHERE compacted_at IS NOT NULL`;

export function toCompactedStats(row: Row): CompactedStats {
  return { messageCount: integer(row[0]), sessionCount: integer(row[1]), sizeBytes: integer(row[2]), oldest: optionalInteger(row[3]) };
}

/**
 * Deletes rows archived at or before `cutoff` and records them in `tombstones`, so a replica
 * deletes them too. Inclusive, so a purge with 0 days also takes rows archived this millisecond.
 * The second statement's rowsAffected is the number purged.
 */
export function purgeStatements(cutoff: number, now: number, deviceId: string): InStatement[] {
  return [
    {
      sql: `INSERT INTO tombstones (table_name, row_id, deleted_at, device_id)
            SELECT 'messages', id, ?, ? FROM messages WHERE compacted_at IS NOT NULL AND compacted_at <= ?
            ON CONFLICT (table_name, row_id) DO UPDATE SET deleted_at = excluded.deleted_at, device_id = excluded.device_id`,
      args: [now, deviceId, cutoff],
    },
    { sql: "DELETE FROM messages WHERE compacted_at IS NOT NULL AND compacted_at <= ?", args: [cutoff] },
  ];
}
