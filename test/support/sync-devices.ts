import { createClient, type Client } from "@libsql/client";
import { join } from "node:path";
import { newId } from "../../core/domain/ids.ts";
import { openLibsqlStore, type LibsqlStore } from "../../adapters/libsql-store/mod.ts";
import { LibsqlSyncService } from "../../adapters/libsql-sync/mod.ts";
import { makeTempDir } from "./temp-dir.ts";

/** One machine for sync tests: its own data directory, store, device id and sync service. */
export interface SyncDevice {
  readonly name: string;
  readonly deviceId: string;
  readonly store: LibsqlStore;
  readonly sync: LibsqlSyncService;
  readonly project: { readonly key: string; readonly root: string };
  /** A round that must end well; returns it. */
  round(kind?: "both" | "push" | "pull"): ReturnType<LibsqlSyncService["round"]>;
  close(): Promise<void>;
}

export const ORIGIN_KEY = "git:github.com/ada/ursa:.";

export async function openSyncDevice(name: string, options: {
  url: string;
  root?: string;
  projectKey?: string;
  secrets?: string[];
  fetchTimeoutMs?: number;
  now?: () => number;
  setup?: boolean;
  /** For a server started with JWT auth (test/support/sqld-keys.ts). */
  token?: string;
}): Promise<SyncDevice> {
  const dir = await makeTempDir(`ursa-sync-${name}`);
  const deviceId = newId();
  const now = options.now ?? Date.now;
  const store = await openLibsqlStore({ url: `file:${join(dir.path, "ursa.db")}`, deviceId, now });
  const project = { key: options.projectKey ?? ORIGIN_KEY, root: options.root ?? `/home/${name}/src/ursa` };
  const sync = new LibsqlSyncService({
    db: store.syncDatabase, device: { id: deviceId, name }, url: null, token: null, secrets: options.secrets ?? [], project,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 10_000, now,
  });
  if (options.setup !== false) {
    const status = await sync.setup(options.url, options.token ?? null, AbortSignal.timeout(20_000));
    if (status.state !== "ok") throw new Error(`setup of ${name} failed: ${status.state} ${status.lastError}`);
  }
  return {
    name, deviceId, store, sync, project,
    round: (kind = "both") => sync.round(kind, AbortSignal.timeout(60_000)),
    async close() {
      sync.close();
      await store.close();
      await dir.remove();
    },
  };
}

/** A plain client on the server, to look at what reached it. */
export function serverClient(url: string, authToken?: string): Client {
  return createClient({ url, intMode: "number", ...(authToken ? { authToken } : {}) });
}

/** Every synced row on the server, without bookkeeping columns, for equality checks. */
export async function serverMessages(server: Client, sessionId?: string): Promise<{ id: string; content: string | null }[]> {
  const rows = await server.execute({
    sql: `SELECT id, content FROM messages ${sessionId ? "WHERE session_id = ?" : ""} ORDER BY sort_key, id`,
    args: sessionId ? [sessionId] : [],
  });
  return rows.rows.map((r) => ({ id: String(r[0]), content: r[1] === null ? null : String(r[1]) }));
}
