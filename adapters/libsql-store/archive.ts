/** The statements of compaction, microcompact and purge: the life of archived rows. */
import type { InStatement, Row, Transaction } from "@libsql/client";
import type { CompactedStats } from "../../core/domain/session-info.ts";
import { planCompaction } from "../../core/domain/compaction-boundary.ts";
import { COMPACTION_CONTINUATION, COMPACTION_SUMMARY_PREFIX } from "../../core/domain/compaction-text.ts";
import type { Role } from "../../core/domain/message.ts";
import { integer, optionalInteger, text } from "./column-values.ts";
import { ACTIVE, insertMessageStatement } from "./message-row.ts";

/** SQLite's default limit is 32766 bound parameters; batches of 100 stay far below it. */
const UPDATE_BATCH = 100;

/**
 * Archives the active rows core/domain/compaction-boundary.ts chooses and inserts the summary
 * pair after them; runs inside the caller's write transaction. Returns the number archived;
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
  const plan = planCompaction(active.rows.map((row) => ({ sortKey: text(row[0]), id: text(row[1]), role: text(row[2]) as Role })), input.preserveCount);
  if (plan === null) return 0;
  await tx.execute({
    sql: `UPDATE messages SET compacted_at = ?, updated_at = ?, device_id = ?
          WHERE session_id = ? AND ${ACTIVE} AND (sort_key, id) <= (?, ?)`,
    args: [now, now, deviceId, sessionId, plan.anchor.sortKey, plan.anchor.id],
  });
  const summary = { role: "system", content: COMPACTION_SUMMARY_PREFIX + input.summary, complete: true } as const;
  const continuation = { role: "assistant", content: COMPACTION_CONTINUATION, complete: true } as const;
  await tx.execute(insertMessageStatement({ sessionId, message: summary, now, deviceId, sortKey: plan.sortKeys.summary }));
  await tx.execute(insertMessageStatement({ sessionId, message: continuation, now, deviceId, sortKey: plan.sortKeys.continuation }));
  await tx.execute({
    sql: "UPDATE sessions SET updated_at = ?, device_id = ? WHERE id = ? AND deleted_at IS NULL",
    args: [now, deviceId, sessionId],
  });
  return plan.archived;
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
