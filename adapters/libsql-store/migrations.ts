import type { Client } from "@libsql/client";
import { SYNC_MIGRATION } from "./sync-migration.ts";

/** One schema step. Versions are strictly increasing; a published migration is never edited. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: readonly string[];
}

/*
 * Schema notes (why it looks like this):
 * - Every synced row has a TEXT id (UUID v7), epoch-ms created_at/updated_at and the device_id of the
 *   device that last wrote it, so a later sync to a remote libSQL database can merge by
 *   last-writer-wins without a central counter.
 * - Deleted sessions stay as tombstone rows (deleted_at set); purged messages are recorded in
 *   `tombstones`. A replica needs both to learn about deletions.
 * - Messages order by sort_key, not id: compaction inserts its summary between the archived rows
 *   and the preserved tail, which ids (creation order) cannot express.
 * - No ON DELETE CASCADE: rows are removed explicitly, so a replica can replay deletions itself.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "sessions, messages, metadata, tombstones, kv_store",
    statements: [
      `CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        agent_name TEXT NOT NULL,
        project_key TEXT NOT NULL,
        project_root TEXT NOT NULL,
        title TEXT,
        mode TEXT,
        last_accessed_at INTEGER,
        deleted_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        device_id TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX sessions_updated ON sessions(updated_at DESC) WHERE deleted_at IS NULL`,
      `CREATE INDEX sessions_project_updated ON sessions(project_key, updated_at DESC) WHERE deleted_at IS NULL`,
      `CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        sort_key TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
        content TEXT,
        full_content TEXT,
        tool_calls TEXT,
        tool_call_id TEXT,
        thinking_content TEXT,
        thinking_signature TEXT,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        cache_read_tokens INTEGER,
        cache_creation_tokens INTEGER,
        thinking_tokens INTEGER,
        stop_reason TEXT,
        agent_name TEXT,
        completed_at INTEGER,
        compacted_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        device_id TEXT NOT NULL
      ) STRICT`,
      // Not UNIQUE: two devices compacting the same session may derive the same key; id breaks ties.
      `CREATE INDEX messages_session_sort ON messages(session_id, sort_key, id)`,
      `CREATE INDEX messages_user_history ON messages(role, id DESC)`,
      `CREATE INDEX messages_compacted ON messages(compacted_at) WHERE compacted_at IS NOT NULL`,
      `CREATE TABLE session_metadata (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        PRIMARY KEY (session_id, key)
      ) STRICT`,
      `CREATE TABLE tombstones (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        deleted_at INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id)
      ) STRICT`,
      `CREATE TABLE kv_store (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        device_id TEXT NOT NULL
      ) STRICT`,
    ],
  },
  {
    version: 2,
    description: "file_changes: what each session's agent did to files, per turn, for the files pane and undo",
    statements: [
      `CREATE TABLE file_changes (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        turn_id TEXT NOT NULL,
        path TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('created', 'modified', 'deleted')),
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        tool TEXT NOT NULL,
        undoable INTEGER NOT NULL,
        before_content TEXT,
        undone_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        device_id TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX file_changes_session ON file_changes(session_id, id)`,
    ],
  },
  {
    version: 3,
    description: "messages: the model and provider of each reply and its cost",
    statements: [
      `ALTER TABLE messages ADD COLUMN model TEXT`,
      `ALTER TABLE messages ADD COLUMN provider TEXT`,
      `ALTER TABLE messages ADD COLUMN cost_usd REAL`,
    ],
  },
  {
    version: 4,
    description: "sessions: the parent of a sub-agent's session",
    statements: [
      `ALTER TABLE sessions ADD COLUMN parent_id TEXT`,
      `CREATE INDEX sessions_parent ON sessions(parent_id) WHERE parent_id IS NOT NULL`,
    ],
  },
  {
    version: 5,
    description: "sync: local-only sessions, per-field clocks, the live writer's lease, sync_state, sync_outbox and its triggers",
    statements: SYNC_MIGRATION,
  },
  {
    version: 6,
    description: "sessions: the device that created each one",
    statements: [
      // device_id is the last writer; the creator never changes after the insert. Sessions from
      // before this column: the device of the first message is the best evidence, else the last
      // writer. Not in the outbox triggers' column lists, so the backfill queues nothing.
      `ALTER TABLE sessions ADD COLUMN created_device_id TEXT`,
      `UPDATE sessions SET created_device_id = COALESCE(
         (SELECT m.device_id FROM messages m WHERE m.session_id = sessions.id ORDER BY m.sort_key, m.id LIMIT 1), device_id)`,
    ],
  },
];

const CREATE_MIGRATIONS_TABLE =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

/**
 * Applies the migrations the database lacks, each in its own write transaction.
 * Two processes may open the same new file at once: the write transaction (BEGIN IMMEDIATE)
 * serialises them and the version is re-checked inside it, so the loser sees the winner's work
 * and skips the step instead of failing on "table already exists".
 */
export async function applyMigrations(client: Client, migrations: readonly Migration[], now: () => number): Promise<void> {
  assertOrdered(migrations);
  const applied = await appliedVersions(client);
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    const tx = await client.transaction("write");
    try {
      await tx.execute(CREATE_MIGRATIONS_TABLE);
      const done = await tx.execute({ sql: "SELECT 1 FROM schema_migrations WHERE version = ?", args: [migration.version] });
      if (done.rows.length === 0) {
        for (const sql of migration.statements) await tx.execute(sql);
        await tx.execute({
          sql: "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
          args: [migration.version, now()],
        });
      }
      await tx.commit();
    } finally {
      tx.close();
    }
  }
}

/** Versions already applied; read without a write lock so an up-to-date database opens without contention. */
export async function appliedVersions(client: Client): Promise<Set<number>> {
  const table = await client.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (table.rows.length === 0) return new Set();
  const rows = await client.execute("SELECT version FROM schema_migrations ORDER BY version");
  return new Set(rows.rows.map((row) => Number(row[0])));
}

function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) {
      throw new Error(`Migrations must have strictly increasing versions (${migrations[i]!.version} after ${migrations[i - 1]!.version})`);
    }
  }
}
