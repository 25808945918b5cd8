import { BehaviorSubject, distinctUntilChanged, type Observable } from "rxjs";
import type { SyncRound, SyncService, SyncState, SyncStatus } from "../../core/ports/sync.ts";
import { releaseLease, renewLease, takeLease } from "./lease.ts";
import type { LocalDatabase } from "./local-database.ts";
import { countOutbox, enqueueRows, loadQueuedRows, readOutbox, removeSent } from "./outbox.ts";
import { fetchSharedAgain } from "./shared-again.ts";
import { linkProject, madeLocalElsewhere, setSessionLocalOnly } from "./sharing.ts";
import { type Cursor, type Incoming } from "./pull.ts";
import { cursorKey, firstPageQueries, parseCursor, pullTables, toPage, yieldToEventLoop } from "./pull-round.ts";
import { droppedAsLocal, pushStatements, type Outgoing } from "./push.ts";
import { httpBaseUrl, RemoteConnection, RemoteFailure, toHttpUrl } from "./remote-connection.ts";
import { type AbsentColumns, checkFormat, ensureRemoteSchema, isMissingSchema, PROBE_ADDED_COLUMNS, refusesWrites, SELECT_FORMAT } from "./remote-schema.ts";
import { SyncSettings } from "./sync-settings.ts";
import { SYNCED_TABLES, type SyncedTable } from "./synced-tables.ts";

export interface LibsqlSyncServiceOptions {
  /** The session store's own connection (LibsqlStore.syncDatabase). */
  readonly db: LocalDatabase;
  readonly device: { readonly id: string; readonly name: string };
  /** URSA_SYNC_URL / URSA_SYNC_TOKEN (the token else from keys.json); the URL wins over the stored one. */
  readonly url: string | null;
  readonly token: string | null;
  /**
   * The token as it is stored now (the environment's, else keys.json's). A refused token is
   * checked against it before "token expired" is reported: `ursa sync setup` in another
   * terminal may have stored a new one while this process (a dashboard) kept running.
   */
  readonly latestToken?: () => string | null;
  /** This machine's provider key values: redacted wherever they appear in what is pushed. */
  readonly secrets: readonly string[];
  /** The checkout this process runs in: pulled sessions of its project open here. */
  readonly project: { readonly key: string; readonly root: string };
  /** Per HTTP request (default 10 s): a silent network fails after this instead of hanging. */
  readonly fetchTimeoutMs?: number;
  /** Outbox rows per remote batch (default 500: shorter synchronous stretches than 1,000, as fast). */
  readonly pushChunkRows?: number;
  readonly now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CHUNK_ROWS = 500;
const SELECT_SEQ = "SELECT seq FROM sync_clock WHERE id = 1";
const NO_CURSORS: Readonly<Record<string, null>> = Object.fromEntries(SYNCED_TABLES.map((t) => [cursorKey(t.name), null]));

/**
 * Whether the server's clock is behind what this machine pulled from it: a server's clock only
 * moves on, so it is not the server pulled from (replaced at this URL, or restored from a backup).
 */
function startedOver(cursors: ReadonlyMap<SyncedTable, Cursor>, serverSeq: number): boolean {
  return [...cursors.values()].some((c) => c.rseq > serverSeq);
}

/**
 * The SyncService over a libSQL server (sqld, Turso): an outbox push and a cursor pull
 * (docs/sync-internals.md). Network and auth trouble never throws: it becomes the status's
 * state and lastError; a round rejects only on abort. Rounds in one process run one at a time;
 * rounds in two processes on one database are safe too (every step is idempotent).
 */
export class LibsqlSyncService implements SyncService {
  readonly #o: LibsqlSyncServiceOptions;
  readonly #settings: SyncSettings;
  readonly #now: () => number;
  readonly #changes: BehaviorSubject<SyncStatus>;
  readonly changes$: Observable<SyncStatus>;
  #token: string | null;
  #connection: { key: string; remote: RemoteConnection } | null = null;
  /** Set while a round runs ("pushing" / "pulling"); else the stored outcome counts. */
  #activity: SyncState | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LibsqlSyncServiceOptions) {
    this.#o = options;
    this.#settings = new SyncSettings(options.db);
    this.#now = options.now ?? Date.now;
    this.#token = options.token;
    this.#changes = new BehaviorSubject<SyncStatus>({ state: "off", url: null, queued: 0, lastSuccessAt: null, lastError: null, devices: [], pullOnly: false });
    this.changes$ = this.#changes.pipe(distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)));
    // Subscribers get the stored state (say, "offline · 12 queued" from the last run) right away.
    void this.#url().then((url) => this.#publish(url)).catch(() => undefined);
  }

  setup(url: string, token: string | null, signal: AbortSignal): Promise<SyncStatus> {
    return this.#serial(async () => {
      this.#token = token;
      let pullOnly = false;
      let serverSeq = 0;
      try {
        toHttpUrl(url);
        const remote = await this.#remote(url);
        pullOnly = await remote.run(signal, (client) => refusesWrites(client, this.#o.device, this.#now()));
        // A read-only token on a server without the schema yet: nothing there.
        serverSeq = await remote.run(signal, (client) => client.execute(SELECT_SEQ).then((r) => Number(r.rows[0]?.[0] ?? 0), (error: unknown) => {
          if (isMissingSchema(error)) return 0;
          throw error;
        }));
      } catch (error) {
        if (!(error instanceof RemoteFailure)) throw error;
        await this.#settings.set({ state: error.state, last_error: error.message });
        // Sync may still be off (a first setup that failed): say what went wrong all the same.
        return { ...(await this.#publish(url)), state: error.state, lastError: error.message };
      }
      const previous = await this.#settings.get("url");
      // At the same URL, a server whose clock is behind what was pulled from it started over.
      // Compared as the client reaches them: libsql://x and https://x/ are one server.
      const sameServer = previous !== null && httpBaseUrl(previous) === httpBaseUrl(url) && !startedOver(await this.#cursors(), serverSeq);
      await this.#settings.set({
        // Another server: its cursors mean nothing here.
        ...(previous !== null && !sameServer ? NO_CURSORS : {}), url, enabled: "1", outbox_device: this.#o.device.id, disabled_at: null, state: "ok", last_error: null,
        pull_only: pullOnly ? "1" : null,
        [`root:${this.#o.project.key}`]: this.#o.project.root,
      });
      // The server synced with before holds the other devices' rows; any other one (a first setup
      // after pulls through URSA_SYNC_URL included) gets every row this machine holds, or a fresh
      // machine there would miss what other devices wrote.
      await enqueueRows(this.#o.db, sameServer ? this.#o.device.id : null, 0);
      await this.#rememberDevices(JSON.parse((await this.#settings.get("devices")) ?? "[]") as SyncStatus["devices"]);
      return this.#publish(url);
    });
  }

  round(kind: "both" | "push" | "pull", signal: AbortSignal): Promise<SyncRound> {
    return this.#serial(() => this.#round(kind, signal));
  }

  async status(_signal: AbortSignal): Promise<SyncStatus> {
    return this.#publish(await this.#url());
  }

  setEnabled(enabled: boolean, _signal: AbortSignal): Promise<void> {
    return this.#serial(async () => {
      const url = await this.#url();
      const wasOn = (await this.#settings.get("outbox_device")) !== null;
      if (enabled && !wasOn) {
        if (url === null) throw new Error("sync has no server yet: run ursa sync setup <url>");
        const disabledAt = Number((await this.#settings.get("disabled_at")) ?? 0);
        await this.#settings.set({ enabled: "1", outbox_device: this.#o.device.id, disabled_at: null });
        // Changes made while sync was off never reached the outbox (the triggers were inert).
        await enqueueRows(this.#o.db, this.#o.device.id, disabledAt);
      } else if (!enabled && wasOn) {
        await this.#settings.set({ enabled: "0", outbox_device: null, disabled_at: String(this.#now()) });
      }
      await this.#publish(url);
    });
  }

  setLocalOnly(sessionId: string, local: boolean, _signal: AbortSignal): Promise<void> {
    return this.#serial(async () => {
      const everSynced = (await this.#settings.get("url")) !== null || this.#o.url !== null;
      await setSessionLocalOnly(this.#o.db, sessionId, local, everSynced);
      await this.#publish(await this.#url());
    });
  }

  releaseLease(sessionId: string, _signal: AbortSignal): Promise<void> {
    return this.#serial(() => releaseLease(this.#o.db, sessionId, this.#o.device.id, this.#now()));
  }

  takeLease(sessionId: string, _signal: AbortSignal): Promise<boolean> {
    return this.#serial(() => takeLease(this.#o.db, sessionId, this.#o.device.id, this.#now()));
  }

  renewLease(sessionId: string, _signal: AbortSignal): Promise<boolean> {
    return this.#serial(() => renewLease(this.#o.db, sessionId, this.#o.device.id, this.#now()));
  }

  link(projectKey: string, _signal: AbortSignal): Promise<void> {
    return this.#serial(async () => {
      const syncOn = (await this.#settings.get("outbox_device")) !== null;
      await linkProject(this.#o.db, this.#settings, this.#o.project, projectKey, syncOn);
    });
  }

  /** Closes the connection to the server. */
  close(): void {
    this.#connection?.remote.close();
    this.#connection = null;
    this.#changes.complete();
  }

  // ── A round ──

  async #round(kind: "both" | "push" | "pull", signal: AbortSignal): Promise<SyncRound> {
    signal.throwIfAborted();
    const url = await this.#url();
    if (url === null || (await this.#settings.get("outbox_device")) === null) {
      return { pushed: 0, pulled: 0, sessions: [], status: await this.#publish(url) };
    }
    let pushed = 0;
    let pulled = 0;
    const sessions = new Set<string>();
    /** A push the server refused with 403 (a read-only token): the pull goes on, the round says so. */
    let refusedPush: RemoteFailure | null = null;
    try {
      const remote = await this.#remote(url);
      const run = <T>(work: (client: import("@libsql/client").Client) => Promise<T>) => remote.run(signal, work);
      // Added columns the server lacks and this token may not add; asked again each round, so a
      // read-write device adding them meanwhile is seen.
      let absent: AbsentColumns = new Set();
      const cursors = await this.#cursors();
      const wantsPull = kind !== "push";
      // A pull-only device (the server refused its token a write) does not push in a both-ways
      // round: a refused push every minute would hide that its pulls work. A push round tries.
      const pullOnly = kind === "both" && (await this.#settings.get("pull_only")) !== null;
      let queued = kind !== "pull" && !pullOnly ? await countOutbox(this.#o.db) : 0;
      // The first request checks the format, reads the devices and the server's clock, and, when
      // there is nothing to push first, brings the first page of every table along.
      const prefetch = wantsPull && queued === 0;
      const first = await run((client) => client.batch([
        SELECT_FORMAT, "SELECT id, name, last_seen_at FROM devices ORDER BY last_seen_at DESC", SELECT_SEQ,
        ...(prefetch ? firstPageQueries(cursors, this.#o.device.id) : [PROBE_ADDED_COLUMNS]),
      ], "read").catch(async (error: unknown) => {
        // A server without the schema yet (set up by URL alone), or set up by an older Ursa
        // without the columns added since: mend it, then ask again.
        if (!isMissingSchema(error)) throw error;
        absent = await ensureRemoteSchema(client);
        return client.batch([SELECT_FORMAT, "SELECT id, name, last_seen_at FROM devices", SELECT_SEQ], "read");
      }));
      checkFormat(first[0]!.rows[0]?.[0] ?? null);
      await this.#rememberDevices(Array.from(first[1]!.rows, (r) => ({ id: String(r[0]), name: String(r[1]), lastSeenAt: Number(r[2]) })));
      const serverSeq = Number(first[2]!.rows[0]?.[0] ?? 0);
      const overAgain = startedOver(cursors, serverSeq);
      if (overAgain) {
        // The server was replaced at this URL (or restored from an older backup): it gets every
        // row this machine holds, and is read from its start.
        await this.#settings.set(NO_CURSORS);
        await enqueueRows(this.#o.db, null, 0);
        for (const table of SYNCED_TABLES) cursors.set(table.name, parseCursor(undefined));
        if (kind !== "pull") queued = await countOutbox(this.#o.db);
      }
      if (queued > 0) {
        this.#activity = "pushing";
        await this.#publish(url);
        pushed = await this.#push(run, signal).catch((error: unknown) => {
          if (!(error instanceof RemoteFailure && error.state === "read_only" && wantsPull)) throw error;
          refusedPush = error;
          return 0;
        });
      }
      if (wantsPull) {
        this.#activity = "pulling";
        await this.#publish(url);
        const firstPages = prefetch && !overAgain && first.length > 3
          ? new Map(SYNCED_TABLES.map((t, i) => [t.name, toPage(first[3 + i]!.rows, t.columns.length)]))
          : null;
        const incoming = await this.#incoming();
        pulled = await pullTables({ db: this.#o.db, remote: run, incoming, cursors, serverSeq, firstPages, absent, signal, sessions });
        pulled += await fetchSharedAgain({ db: this.#o.db, remote: run, incoming, absent, signal, sessions });
      }
      if (refusedPush) throw refusedPush;
      await this.#settings.set({ state: "ok", last_error: null, last_success_at: String(this.#now()), ...(pushed > 0 ? { pull_only: null } : {}) });
    } catch (error) {
      if (!(error instanceof RemoteFailure)) {
        // An abort, or trouble with the local database: the round ends, the status stays true.
        this.#activity = null;
        await this.#publish(url).catch(() => undefined);
        throw error;
      }
      if (error.state === "token_expired" && this.#tokenReplaced()) return this.#round(kind, signal);
      // A refused push (sqld's 403): this token may only pull.
      const pullOnly = error === refusedPush || (error.state === "read_only" && this.#activity === "pushing");
      await this.#settings.set({ state: error.state, last_error: error.message, ...(pullOnly ? { pull_only: "1" } : {}) });
    }
    this.#activity = null;
    return { pushed, pulled, sessions: [...sessions], status: await this.#publish(url) };
  }

  /** Sends the outbox in chunks, one atomic remote batch each; an entry goes only after its batch committed. */
  async #push(run: <T>(work: (client: import("@libsql/client").Client) => Promise<T>) => Promise<T>, signal: AbortSignal): Promise<number> {
    const outgoing = await this.#outgoing();
    let pushed = 0;
    for (;;) {
      signal.throwIfAborted();
      const entries = await readOutbox(this.#o.db, this.#o.pushChunkRows ?? DEFAULT_CHUNK_ROWS);
      if (entries.length === 0) return pushed;
      // Yields between the steps keep each synchronous stretch (native read, redaction, encoding) short.
      const rows = await loadQueuedRows(this.#o.db, entries);
      await yieldToEventLoop();
      const statements = pushStatements(rows, { ...outgoing, now: this.#now() });
      await yieldToEventLoop();
      const results = await run((client) => client.batch(statements, "write"));
      // Rows the server dropped (their session was made local elsewhere) are not sent: this copy
      // becomes local-only now, as the server decided, whatever happens to that word before the next pull.
      const dropped = droppedAsLocal(results);
      if (dropped.length > 0) await this.#o.db.batch(madeLocalElsewhere(dropped));
      await removeSent(this.#o.db, entries);
      pushed += entries.length;
      await yieldToEventLoop();
    }
  }

  async #outgoing(): Promise<Omit<Outgoing, "now">> {
    const links = await this.#settings.byPrefix("link:");
    const secrets = [...this.#o.secrets, ...(this.#token ? [this.#token] : [])];
    return { secrets, links, device: this.#o.device };
  }

  async #incoming(): Promise<Incoming> {
    const links = await this.#settings.byPrefix("link:");
    const roots = await this.#settings.byPrefix("root:");
    roots.set(this.#o.project.key, this.#o.project.root);
    return { deviceId: this.#o.device.id, links: new Map([...links].map(([local, remote]) => [remote, local])), roots };
  }

  /**
   * Stores the server's devices (by name, for leases and creators). This device is among them
   * from its setup on: the server lists it only after its first push, but it has just talked
   * to the server, and a pull-only device (a read-only token) never pushes at all.
   */
  async #rememberDevices(known: SyncStatus["devices"]): Promise<void> {
    const me = this.#o.device;
    const devices = known.some((d) => d.id === me.id) ? known : [{ id: me.id, name: me.name, lastSeenAt: this.#now() }, ...known];
    const entries: Record<string, string> = { devices: JSON.stringify(devices) };
    for (const d of devices) entries[`device:${d.id}`] = d.name;
    await this.#settings.set(entries);
  }

  // ── Plumbing ──

  async #cursors(): Promise<Map<SyncedTable, Cursor>> {
    const settings = await this.#settings.getMany(SYNCED_TABLES.map((t) => cursorKey(t.name)));
    return new Map(SYNCED_TABLES.map((t) => [t.name, parseCursor(settings.get(cursorKey(t.name)))]));
  }

  /** Takes the stored token when it is not the one in use; true when it did (worth another try). */
  #tokenReplaced(): boolean {
    const latest = this.#o.latestToken?.() ?? this.#token;
    if (latest === this.#token) return false;
    this.#token = latest;
    return true;
  }

  async #remote(url: string): Promise<RemoteConnection> {
    const key = `${url}\n${this.#token ?? ""}`;
    if (this.#connection?.key === key) return this.#connection.remote;
    this.#connection?.remote.close();
    const remote = await RemoteConnection.open(url, this.#token, this.#o.fetchTimeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.#connection = { key, remote };
    return remote;
  }

  async #url(): Promise<string | null> {
    return this.#o.url ?? (await this.#settings.get("url"));
  }

  async #publish(url: string | null): Promise<SyncStatus> {
    const stored = await this.#settings.getMany(["state", "last_error", "last_success_at", "devices", "outbox_device", "pull_only"]);
    const on = url !== null && stored.has("outbox_device");
    const status: SyncStatus = {
      state: !on ? "off" : (this.#activity ?? ((stored.get("state") as SyncState | undefined) ?? "ok")),
      url: url === null ? null : redactUrl(url),
      queued: await countOutbox(this.#o.db),
      lastSuccessAt: stored.has("last_success_at") ? Number(stored.get("last_success_at")) : null,
      lastError: stored.get("last_error") ?? null,
      devices: JSON.parse(stored.get("devices") ?? "[]") as SyncStatus["devices"],
      pullOnly: on && stored.has("pull_only"),
    };
    this.#changes.next(status);
    return status;
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work, work);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

/** Never show credentials a URL may embed (`?authToken=…`, `user:pass@`). */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    for (const key of [...parsed.searchParams.keys()]) if (/token|auth|key|secret/i.test(key)) parsed.searchParams.set(key, "redacted");
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}
