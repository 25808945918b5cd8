import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { backoffDelay } from "../../core/domain/backoff.ts";
import type { Client } from "@libsql/client";

/**
 * Opens the one client a store uses for its database and sets the connection up.
 *
 * `concurrency: 1` gives the client exactly one connection, so the PRAGMAs below (which are
 * per-connection) hold for every statement; the store queues its calls, so one is all it needs.
 * The busy timeout goes through the `timeout` option, which libsql applies to every connection it
 * opens, because another process may hold the write lock.
 */
export async function openDatabase(url: string, busyTimeoutMs: number): Promise<Client> {
  const path = localPath(url);
  if (path !== null) prepareFile(path);
  // Imported here, not at the top: the native driver costs ~100 ms to load, and the CLI's
  // --version/--help path (one bundle, where static imports of external packages are hoisted)
  // must not pay for it. The local driver alone: the package's main entry also loads the
  // remote (WebSocket and HTTP) clients, and with them node:http, https, TLS and zlib, ~5 MiB
  // held while the dashboard idles (docs/performance.md). Sync loads its HTTP client itself.
  const { createClient } = await import("@libsql/client/sqlite3");
  const client = createClient({ url, timeout: busyTimeoutMs, concurrency: 1 });
  try {
    if (path !== null) await enableWal(client, busyTimeoutMs);
    // WAL with NORMAL survives application crashes; only a power cut can lose the last commits.
    await client.execute("PRAGMA synchronous = NORMAL");
    await client.execute("PRAGMA foreign_keys = ON");
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}

/**
 * Switches the file to WAL (a persistent setting; WAL lets readers run beside a writer).
 * The switch needs an exclusive lock and SQLite reports SQLITE_BUSY for it at once, without
 * waiting on the busy timeout, when another process is opening the same new file: retry
 * (asynchronously, so the event loop keeps running) until that timeout has passed.
 */
const WAL_BACKOFF = { baseMs: 5, maxMs: 100 };

async function enableWal(client: Client, busyTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const mode = await client.execute("PRAGMA journal_mode = WAL");
      if (mode.rows[0]?.[0] === "wal") return;
      throw new Error(`Could not switch the database to WAL (journal_mode is ${String(mode.rows[0]?.[0])})`);
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(WAL_BACKOFF, attempt)));
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/** The file path of a `file:` URL; null for in-memory databases. */
function localPath(url: string): string | null {
  if (url === ":memory:" || url === "file::memory:") return null;
  if (!url.startsWith("file:")) throw new Error(`Expected a "file:" URL or ":memory:", got ${url}`);
  const path = decodeURIComponent(url.slice("file:".length).replace(/^\/\/(localhost)?(?=\/)/, "").split("?")[0]!);
  if (!path.startsWith("/")) throw new Error(`Expected an absolute path in ${url}`);
  return path;
}

/** Creates the file owner-only before SQLite touches it: it may hold API keys (kv_store). */
function prepareFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
  chmodSync(path, 0o600);
}
