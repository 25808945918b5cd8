import type { InStatement, InValue, ResultSet } from "@libsql/client";
import { redactMessageTexts, redactSecrets } from "../../core/domain/secret-redaction.ts";
import { MADE_LOCAL_GUARD } from "./made-local-guard.ts";
import type { QueuedRows } from "./outbox.ts";
import { upsertDevice } from "./remote-schema.ts";
import {
  CHILD_TABLES, familyOf, FILE_CHANGE_COLUMNS, incomingWinsSql, jsonColumns, MADE_LOCAL, MESSAGE_COLUMNS, METADATA_COLUMNS, SESSION_COLUMNS, TOMBSTONE_COLUMNS,
} from "./synced-tables.ts";

/** What leaving the machine changes in a row: secrets redacted, paths made relative, project keys linked. */
export interface Outgoing {
  /** This machine's provider key values (and the sync token): replaced wherever they appear. */
  readonly secrets: readonly string[];
  /** Local project key → the key it is linked to on the server (`ursa sync link`). */
  readonly links: ReadonlyMap<string, string>;
  readonly device: { readonly id: string; readonly name: string };
  readonly now: number;
}

/** The batch's own sequence number: every row it writes carries it as rseq. */
const RSEQ = "(SELECT seq FROM sync_clock WHERE id = 1)";
const col = (columns: readonly string[], name: string) => columns.indexOf(name);

/**
 * One atomic remote batch for a chunk of queued rows: bump the clock, delete what became
 * local-only, upsert every row (one statement per table; later writes win, so re-sending a batch
 * whose reply was lost changes nothing), apply tombstones, record this device.
 */
export function pushStatements(rows: QueuedRows, out: Outgoing): InStatement[] {
  const statements: InStatement[] = ["UPDATE sync_clock SET seq = seq + 1 WHERE id = 1", ...MADE_LOCAL_GUARD];
  if (rows.forget.length > 0) {
    // Word for the devices that pulled it (pull.ts): the session and its sub-agents' sessions as
    // the server knows them, at any depth (another device may have pushed one this device never
    // pulled), each with its own tombstone, so what comes later for any of them is dropped too.
    statements.push({
      sql: `${familyOf("SELECT value FROM json_each(?3)")}
            ${markLocal("SELECT id FROM family", "DO UPDATE SET deleted_at = excluded.deleted_at, device_id = excluded.device_id, rseq = excluded.rseq")}`,
      args: [out.now, out.device.id, JSON.stringify(rows.forget)],
    });
    const marked = `(SELECT row_id FROM tombstones WHERE table_name = '${MADE_LOCAL}' AND rseq = ${RSEQ})`;
    for (const table of CHILD_TABLES) statements.push(`DELETE FROM ${table} WHERE session_id IN ${marked}`);
    statements.push(`DELETE FROM sessions WHERE id IN ${marked}`);
  }
  if (rows.share.length > 0) {
    statements.push({ sql: `DELETE FROM tombstones WHERE table_name = '${MADE_LOCAL}' AND row_id IN (SELECT value FROM json_each(?))`, args: [JSON.stringify(rows.share)] });
  }
  statements.push(...upserts("sessions", SESSION_COLUMNS, rows.sessions.map((r) => outgoingSession(r, out)), "id", SESSION_MERGE));
  statements.push(...upserts("messages", MESSAGE_COLUMNS, rows.messages.map((r) => outgoingMessage(r, out)), "id", wholeRow("messages", MESSAGE_COLUMNS)));
  statements.push(...upserts("session_metadata", METADATA_COLUMNS, rows.session_metadata.map((r) => outgoingMetadata(r, out)), "session_id, key", wholeRow("session_metadata", METADATA_COLUMNS)));
  statements.push(...upserts("file_changes", FILE_CHANGE_COLUMNS, rows.file_changes.map(outgoingFileChange), "id", wholeRow("file_changes", FILE_CHANGE_COLUMNS)));
  statements.push(...upserts("tombstones", TOMBSTONE_COLUMNS, rows.tombstones, "table_name, row_id", wholeRow("tombstones", TOMBSTONE_COLUMNS, "deleted_at")));
  if (rows.tombstones.length > 0) {
    statements.push(`DELETE FROM messages WHERE id IN (SELECT row_id FROM tombstones WHERE table_name = 'messages' AND rseq = ${RSEQ})`);
  }
  // Tombstones win: children of sessions deleted in this batch, and children this batch brought
  // for sessions deleted before, are dropped.
  for (const table of CHILD_TABLES) {
    if (rows.sessions.length > 0) {
      statements.push(`DELETE FROM ${table} WHERE session_id IN (SELECT id FROM sessions WHERE deleted_at IS NOT NULL AND rseq = ${RSEQ})`);
    }
    if ((rows[table as keyof QueuedRows] as unknown[]).length > 0) {
      statements.push(`DELETE FROM ${table} WHERE rseq = ${RSEQ} AND session_id IN (SELECT id FROM sessions WHERE deleted_at IS NOT NULL)`);
    }
  }
  // A session another device made local stays off the server, with its sub-agents' sessions:
  // what this batch brought for them (pushed before this device pulled the word) is dropped. A
  // session of this batch under a marked one, at any depth, is marked itself first, so its rows
  // pushed later on their own (no session row to follow up) are dropped as well.
  const madeLocal = `(SELECT row_id FROM tombstones WHERE table_name = '${MADE_LOCAL}')`;
  if (rows.sessions.length > 0) {
    statements.push({
      sql: `WITH RECURSIVE up(id, ancestor) AS (
              SELECT id, parent_id FROM sessions WHERE rseq = ${RSEQ} AND parent_id IS NOT NULL
              UNION SELECT up.id, s.parent_id FROM up JOIN sessions s ON s.id = up.ancestor WHERE s.parent_id IS NOT NULL)
            ${markLocal(`SELECT DISTINCT id FROM up WHERE ancestor IN ${madeLocal}`, "DO NOTHING")}`,
      args: [out.now, out.device.id],
    });
    statements.push(`DELETE FROM sessions WHERE rseq = ${RSEQ} AND id IN ${madeLocal}`);
  }
  for (const table of CHILD_TABLES) {
    if ((rows[table as keyof QueuedRows] as unknown[]).length > 0) statements.push(`DELETE FROM ${table} WHERE rseq = ${RSEQ} AND session_id IN ${madeLocal}`);
  }
  statements.push(upsertDevice(out.device, out.now));
  // Last: which of this batch's sessions the server holds as made local elsewhere (what the
  // batch brought for them was dropped), for the device to follow (droppedAsLocal).
  statements.push({
    sql: `SELECT row_id FROM tombstones WHERE table_name = '${MADE_LOCAL}' AND row_id IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify(batchSessions(rows))],
  });
  return statements;
}

/** From the results of a committed pushStatements batch: the sessions whose rows the server dropped as made local elsewhere. */
export function droppedAsLocal(results: readonly ResultSet[]): string[] {
  return Array.from(results.at(-1)?.rows ?? [], (r) => String(r[0]));
}

function batchSessions(rows: QueuedRows): string[] {
  const ids = new Set(rows.sessions.map((r) => String(r[col(SESSION_COLUMNS, "id")])));
  for (const r of rows.messages) ids.add(String(r[col(MESSAGE_COLUMNS, "session_id")]));
  for (const r of rows.session_metadata) ids.add(String(r[col(METADATA_COLUMNS, "session_id")]));
  for (const r of rows.file_changes) ids.add(String(r[col(FILE_CHANGE_COLUMNS, "session_id")]));
  return [...ids];
}

/** Inserts a MADE_LOCAL tombstone for each session id `ids` selects (?1 deleted_at, ?2 device id). */
function markLocal(ids: string, onConflict: string): string {
  return `INSERT INTO tombstones (${TOMBSTONE_COLUMNS.join(", ")}, rseq) SELECT '${MADE_LOCAL}', id, ?1, ?2, ${RSEQ} FROM (${ids})
          WHERE true ON CONFLICT (table_name, row_id) ${onConflict}`;
}

/** One statement per table: the rows go as one JSON text, expanded on the server (see selectAsJson). */
function upserts(table: string, columns: readonly string[], rows: readonly InValue[][], key: string, update: string): InStatement[] {
  if (rows.length === 0) return [];
  return [{
    sql: `INSERT INTO ${table} (${columns.join(", ")}, rseq) SELECT ${jsonColumns(columns.length)}, ${RSEQ} FROM json_each(?) WHERE true
          ON CONFLICT (${key}) DO UPDATE SET ${update}`,
    args: [JSON.stringify(rows)],
  }];
}

/** Whole-row last-writer-wins (laterRow in core/domain/sync-merge.ts). */
function wholeRow(table: string, columns: readonly string[], at = "updated_at"): string {
  return `${columns.map((c) => `${c} = excluded.${c}`).join(", ")}, rseq = excluded.rseq WHERE ${incomingWinsSql(table, at)}`;
}

/** Field by field, as mergeSessions in core/domain/sync-merge.ts: title and mode by their own clocks, tombstones sticky. */
const SESSION_MERGE = (() => {
  const wins = (at: string, device: string) => `(excluded.${at}, excluded.${device}) >= (sessions.${at}, sessions.${device})`;
  const pick = (column: string, test: string) => `${column} = CASE WHEN ${test} THEN excluded.${column} ELSE sessions.${column} END`;
  const title = wins("title_updated_at", "title_device_id");
  const mode = wins("mode_updated_at", "mode_device_id");
  const row = wins("updated_at", "device_id");
  const lease = "(COALESCE(excluded.lease_until, 0), COALESCE(excluded.lease_device_id, '')) >= (COALESCE(sessions.lease_until, 0), COALESCE(sessions.lease_device_id, ''))";
  const deleted = "CASE WHEN sessions.deleted_at IS NULL THEN excluded.deleted_at WHEN excluded.deleted_at IS NULL THEN sessions.deleted_at ELSE min(sessions.deleted_at, excluded.deleted_at) END";
  return [
    `title = CASE WHEN sessions.deleted_at IS NOT NULL OR excluded.deleted_at IS NOT NULL THEN NULL WHEN ${title} THEN excluded.title ELSE sessions.title END`,
    pick("title_updated_at", title), pick("title_device_id", title),
    pick("mode", mode), pick("mode_updated_at", mode), pick("mode_device_id", mode),
    `deleted_at = ${deleted}`,
    pick("updated_at", row), pick("device_id", row),
    pick("lease_device_id", lease), pick("lease_until", lease),
    "created_at = min(sessions.created_at, excluded.created_at)",
    // Set once by the creator; a row an older Ursa pushed without it takes the first one offered.
    "created_device_id = COALESCE(sessions.created_device_id, excluded.created_device_id)",
    // Every device sends the key through its links, so the latest is the one a link agreed on.
    "project_key = excluded.project_key",
    "rseq = excluded.rseq",
  ].join(", ");
})();

function outgoingSession(row: InValue[], out: Outgoing): InValue[] {
  const copy = [...row];
  const key = col(SESSION_COLUMNS, "project_key");
  copy[key] = out.links.get(String(copy[key])) ?? copy[key]!;
  const title = col(SESSION_COLUMNS, "title");
  if (typeof copy[title] === "string") copy[title] = redactSecrets(copy[title], out.secrets);
  return copy;
}

/** A value may quote a provider's own words (a failed turn's reason) or the user's (a todo): redacted like a title. */
function outgoingMetadata(row: InValue[], out: Outgoing): InValue[] {
  const copy = [...row];
  const value = col(METADATA_COLUMNS, "value");
  if (typeof copy[value] === "string") copy[value] = redactSecrets(copy[value], out.secrets);
  return copy;
}

function outgoingMessage(row: InValue[], out: Outgoing): InValue[] {
  const at = (name: string) => col(MESSAGE_COLUMNS, name);
  const text = (i: number) => (typeof row[i] === "string" ? (row[i] as string) : null);
  const redacted = redactMessageTexts({
    content: text(at("content")), fullContent: text(at("full_content")), toolCalls: text(at("tool_calls")),
    thinking: text(at("thinking_content")), thinkingSignature: text(at("thinking_signature")),
  }, out.secrets);
  const copy = [...row];
  copy[at("content")] = redacted.content;
  copy[at("full_content")] = redacted.fullContent;
  copy[at("tool_calls")] = redacted.toolCalls;
  copy[at("thinking_content")] = redacted.thinking;
  copy[at("thinking_signature")] = redacted.thinkingSignature;
  return copy;
}

/** The path relative to the session's project root (the other machine's checkout lives elsewhere). */
function outgoingFileChange(row: InValue[]): InValue[] {
  const copy = row.slice(0, FILE_CHANGE_COLUMNS.length);
  const root = String(row[FILE_CHANGE_COLUMNS.length]).replace(/\/+$/, "");
  const path = col(FILE_CHANGE_COLUMNS, "path");
  const absolute = String(copy[path]);
  if (absolute === root) copy[path] = ".";
  else if (absolute.startsWith(`${root}/`)) copy[path] = absolute.slice(root.length + 1);
  return copy;
}
