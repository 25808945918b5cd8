import type { Client, InStatement, InValue } from "@libsql/client";
import type { LocalDatabase } from "./local-database.ts";
import { applyPage, type Cursor, type Incoming, PAGE_ROWS, pageQuery } from "./pull.ts";
import { type AbsentColumns, remoteColumns } from "./remote-schema.ts";
import { parseJsonRows, SESSION_COLUMNS, SYNCED_TABLES, type SyncedTable } from "./synced-tables.ts";

/** A pulled page: the rows (synced columns only) and each row's position (for the cursor). */
interface Page {
  readonly rows: InValue[][];
  readonly positions: Cursor[];
}

/** Rows per local write transaction while applying a page. */
const APPLY_ROWS = 100;

/** Past every row with this rseq. */
const END_OF_RSEQ = Number.MAX_SAFE_INTEGER;

export function cursorKey(table: SyncedTable): string {
  return `cursor:${table}`;
}

export function parseCursor(value: string | undefined): Cursor {
  const [rseq, rowid] = (value ?? "0:0").split(":").map(Number);
  return { rseq: rseq ?? 0, rowid: rowid ?? 0 };
}

/** The first page of every table, to ride along in a round's first request. */
export function firstPageQueries(cursors: ReadonlyMap<SyncedTable, Cursor>, deviceId: string): InStatement[] {
  // Asks for every column: on a server lacking one, the request fails and the round asks again without pages.
  const none: AbsentColumns = new Set();
  return SYNCED_TABLES.map((t) => pageQuery(t.name, t.columns, cursors.get(t.name)!, deviceId, none));
}

/** Reads a pageQuery result (one JSON text), in (rseq, rowid) order. */
export function toPage(rows: ArrayLike<ArrayLike<unknown>>, columns: number): Page {
  const values = parseJsonRows(rows[0]?.[0]) as InValue[][];
  // An aggregate need not keep its subquery's order: sort by (rseq, rowid) to be sure.
  values.sort((a, b) => Number(a[columns]) - Number(b[columns]) || Number(a[columns + 1]) - Number(b[columns + 1]));
  return {
    rows: values.map((row) => row.slice(0, columns)),
    positions: values.map((row) => ({ rseq: Number(row[columns]), rowid: Number(row[columns + 1]) })),
  };
}

/**
 * Pulls every table from its cursor, page by page, each page applied in its own local write
 * transaction together with its cursor, so an interrupted pull resumes where it stopped.
 * `serverSeq` is the server's clock read (in the same snapshot as `firstPages`, or earlier):
 * once a table runs dry, everything up to it has been seen, own rows included, so the cursor
 * jumps there and the next pull does not walk this device's rows again.
 */
export async function pullTables(input: {
  readonly db: LocalDatabase;
  readonly remote: <T>(work: (client: Client) => Promise<T>) => Promise<T>;
  readonly incoming: Incoming;
  readonly cursors: Map<SyncedTable, Cursor>;
  readonly serverSeq: number;
  readonly firstPages: ReadonlyMap<SyncedTable, Page> | null;
  /** Added columns the server lacks (read as NULL). */
  readonly absent: AbsentColumns;
  readonly signal: AbortSignal;
  /** Collects the sessions whose rows were taken. */
  readonly sessions: Set<string>;
}): Promise<number> {
  const { db, remote, incoming, cursors, absent, signal } = input;
  let pulled = 0;
  for (const table of SYNCED_TABLES) {
    const fetchPage = (after: Cursor): Promise<Page> => {
      const query = pageQuery(table.name, table.columns, after, incoming.deviceId, absent);
      const fetched = remote((client) => client.execute(query)).then((result) => toPage(result.rows, table.columns.length));
      fetched.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
      return fetched;
    };
    let page = input.firstPages?.get(table.name) ?? null;
    let next: Promise<Page> | null = null;
    for (;;) {
      signal.throwIfAborted();
      page ??= await (next ?? fetchPage(cursors.get(table.name)!));
      next = null;
      if (table.name !== "sessions" && table.name !== "tombstones") await fetchMissingSessions(db, remote, incoming, absent, page.rows, table.columns.indexOf("session_id"));
      const drained = page.rows.length < PAGE_ROWS;
      // The server reads the next page while this one is applied here.
      if (!drained) next = fetchPage(page.positions.at(-1)!);
      // Applied in slices, each in its own transaction with the cursor after its last row: a
      // slice is one synchronous native call, and a short one leaves the event loop free sooner.
      for (let from = 0; from === 0 || from < page.rows.length; from += APPLY_ROWS) {
        const rows = page.rows.slice(from, from + APPLY_ROWS);
        const last = from + APPLY_ROWS >= page.rows.length;
        let cursor = rows.length > 0 ? page.positions[from + rows.length - 1]! : cursors.get(table.name)!;
        if (last && drained && cursor.rseq <= input.serverSeq) cursor = { rseq: input.serverSeq, rowid: END_OF_RSEQ };
        await yieldToEventLoop();
        await db.transaction(async (tx) => {
          if (rows.length > 0) pulled += await applyPage(tx, table.name, rows, incoming, input.sessions);
          await tx.execute({
            sql: "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            args: [cursorKey(table.name), `${cursor.rseq}:${cursor.rowid}`],
          });
        });
        cursors.set(table.name, cursor);
      }
      if (drained) break;
      page = null;
      await yieldToEventLoop();
    }
  }
  return pulled;
}

/**
 * A child row may arrive for a session this machine has not pulled yet (its row was rewritten
 * on the server after this pull's snapshot, so it sits beyond the sessions cursor). Fetch those
 * sessions first, rather than dropping the children as orphans.
 */
async function fetchMissingSessions(
  db: LocalDatabase,
  remote: <T>(work: (client: Client) => Promise<T>) => Promise<T>,
  incoming: Incoming,
  absent: AbsentColumns,
  rows: readonly InValue[][],
  sessionAt: number,
): Promise<void> {
  if (rows.length === 0) return;
  const ids = [...new Set(rows.map((r) => String(r[sessionAt])))];
  const known = await db.rows("SELECT id FROM sessions WHERE id IN (SELECT value FROM json_each(?))", [JSON.stringify(ids)]);
  const knownIds = new Set(known.map((r) => String(r[0])));
  const missing = ids.filter((id) => !knownIds.has(id));
  if (missing.length === 0) return;
  const result = await remote((client) => client.execute({
    sql: `SELECT ${remoteColumns("sessions", SESSION_COLUMNS, absent)} FROM sessions WHERE id IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify(missing)],
  }));
  const sessions = Array.from(result.rows, (row) => Array.from(row) as InValue[]);
  if (sessions.length > 0) await db.transaction((tx) => applyPage(tx, "sessions", sessions, incoming, new Set()));
}

/** Lets timers, input and rendering run between pages and chunks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
