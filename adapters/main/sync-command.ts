import { readFileSync } from "node:fs";
import type { Container } from "inversify";
import { SESSION_CATALOG } from "../../core/ports/session-catalog.ts";
import type { SyncService } from "../../core/ports/sync.ts";
import { boundSync } from "./headless-sync.ts";
import { parseCliArgs, UsageError } from "./cli-args.ts";
import { loadConfig, type AppConfig } from "./config.ts";
import { createContainer } from "./container.ts";
import { setKeysFileEntry } from "./keys-file.ts";
import { resolve } from "./provide.ts";
import { checkSyncServer, displayUrl } from "./sync-server-check.ts";
import { formatSyncStatus, syncStatusJson, syncFailureLine } from "./sync-status-text.ts";
import { mintSyncToken, parseTokenArgs, readPrivateKey } from "./sync-token.ts";

export const SYNC_HELP = `ursa sync — sync sessions through a libSQL server you own (sqld or Turso); see docs/sync.md

Usage:
  ursa sync setup <url> [--token-file F]   check the server and token, create the remote schema, queue existing sessions
  ursa sync now | push | pull              one round (push and pull, or one of them)
  ursa sync status [--json]                state, queued changes, last success, last error, access, devices
  ursa sync on | off                       resume or pause syncing (settings are kept)
  ursa sync local <session>                keep a session (and its sub-agents) off the server; removes the remote copy
  ursa sync share <session>                sync a local-only session again
  ursa sync link <project-key>             treat this checkout as that project (from another machine's ursa sessions list)
  ursa sync token --key <ed25519.pem> [--read-only] [--days N] [--namespace NS]
                                           mint a token for a sqld started with --auth-jwt-key-file

URSA_SYNC_URL and URSA_SYNC_TOKEN override the stored URL and token (kept in keys.json, mode 600).
Exit codes: 0 done, 1 failed (one line says why), 2 bad usage.
`;

export interface SyncIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export const TOKEN_KEY = "URSA_SYNC_TOKEN";

/** `ursa sync …`: exit code 0 done, 1 failed, 2 bad usage. */
export async function runSyncCommand(argv: readonly string[], io: SyncIo): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
      io.out.write(SYNC_HELP);
      return sub === undefined ? 2 : 0;
    }
    if (sub === "token") return mintToken(rest, io);
    const command = SUBCOMMANDS[sub];
    if (!command) throw new UsageError(`unknown subcommand "${sub}"`);
    const parsed = command.parse(rest);
    return await withSync(io, (ctx) => command.run(parsed as never, ctx));
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`ursa sync: ${error.message}\nRun ursa sync --help for usage.\n`);
      return 2;
    }
    io.err.write(`ursa sync: ${(error as Error).message}\n`);
    return 1;
  }
}

interface SyncContext {
  readonly io: SyncIo;
  readonly config: AppConfig;
  readonly container: Container;
  readonly sync: SyncService;
  readonly signal: AbortSignal;
}

interface Subcommand<A> {
  parse(args: readonly string[]): A;
  run(args: A, ctx: SyncContext): Promise<number>;
}

function none(name: string) {
  return (args: readonly string[]): null => {
    if (args.length > 0) throw new UsageError(`sync ${name} takes no arguments (got "${args[0]}")`);
    return null;
  };
}

function one(name: string, what: string) {
  return (args: readonly string[]): string => {
    if (args.length !== 1 || args[0]!.startsWith("-")) throw new UsageError(`sync ${name} needs exactly one ${what}`);
    return args[0]!;
  };
}

function round(kind: "both" | "push" | "pull"): Subcommand<null> {
  const name = kind === "both" ? "now" : kind;
  return {
    parse: none(name),
    async run(_args, { io, sync, signal }) {
      const result = await sync.round(kind, signal);
      const failure = syncFailureLine(result.status, kind);
      if (failure) {
        io.err.write(`ursa sync: ${failure}\n`);
        return 1;
      }
      const queued = result.status.queued > 0 ? `, ${result.status.queued} still queued` : "";
      io.out.write(`Synced with ${displayUrl(result.status.url ?? "")}: pushed ${result.pushed}, pulled ${result.pulled}${queued}.\n`);
      return 0;
    },
  };
}

const SUBCOMMANDS: Record<string, Subcommand<unknown>> = {
  setup: {
    parse(args) {
      const positionals: string[] = [];
      let tokenFile: string | null = null;
      for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        if (arg === "--token-file") {
          tokenFile = args[++i] ?? null;
          if (tokenFile === null) throw new UsageError("--token-file needs a file");
        } else if (arg.startsWith("--token-file=")) tokenFile = arg.slice("--token-file=".length);
        else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        else positionals.push(arg);
      }
      if (positionals.length !== 1) throw new UsageError("sync setup needs exactly one server URL (libsql://, https:// or http://)");
      const url = positionals[0]!;
      if (!isSyncServerUrl(url)) throw new UsageError(`sync setup needs a server URL like https://host[:port], http://host[:port] or libsql://host (got "${url}")`);
      return { url, tokenFile };
    },
    async run(args: unknown, ctx) {
      return setup(args as { url: string; tokenFile: string | null }, ctx);
    },
  } satisfies Subcommand<{ url: string; tokenFile: string | null }>,
  now: round("both"),
  push: round("push"),
  pull: round("pull"),
  status: {
    parse(args) {
      if (args.length > 1 || (args.length === 1 && args[0] !== "--json")) throw new UsageError("sync status takes only --json");
      return { json: args[0] === "--json" };
    },
    async run(args: unknown, { io, sync, signal, config }) {
      const status = await sync.status(signal);
      io.out.write((args as { json: boolean }).json ? `${JSON.stringify(syncStatusJson(status, config.deviceId), null, 2)}\n` : formatSyncStatus(status, config.deviceId, Date.now()));
      return 0;
    },
  } satisfies Subcommand<{ json: boolean }>,
  on: {
    parse: none("on"),
    async run(_args, { io, sync, signal }) {
      const before = await sync.status(signal);
      if (before.url === null) {
        io.err.write("ursa sync: no server is set up; run ursa sync setup <url> first\n");
        return 1;
      }
      await sync.setEnabled(true, signal);
      io.out.write(`Sync is on (${displayUrl(before.url)}).\n`);
      return 0;
    },
  },
  off: {
    parse: none("off"),
    async run(_args, { io, sync, signal }) {
      await sync.setEnabled(false, signal);
      io.out.write("Sync is off; changes are kept locally (ursa sync on resumes).\n");
      return 0;
    },
  },
  local: sessionFlag("local", true),
  share: sessionFlag("share", false),
  link: {
    parse: one("link", "project key (as ursa sessions list --all shows it)"),
    async run(key: unknown, { io, sync, signal, config }) {
      await sync.link(key as string, signal);
      io.out.write(`Linked ${config.project.root} to ${key as string}: its sessions are listed here now.\n`);
      return 0;
    },
  } satisfies Subcommand<string>,
};

function sessionFlag(name: "local" | "share", local: boolean): Subcommand<string> {
  return {
    parse: one(name, "session id (or a unique prefix of one)"),
    async run(prefix, { io, sync, signal, container }) {
      const catalog = await resolve(container, SESSION_CATALOG);
      const matches = await catalog.findSessionsByPrefix(prefix, 2);
      if (matches.length !== 1) {
        io.err.write(`ursa sync: ${matches.length === 0 ? `no session starts with ${prefix}` : `${prefix} matches more than one session; give more of the id`}\n`);
        return 1;
      }
      await sync.setLocalOnly(matches[0]!, local, signal);
      io.out.write(local ? `Session ${matches[0]} is local-only: it stays on this machine, its remote copy goes at the next push, and other machines' copies become local-only there at their next pull.\n` : `Session ${matches[0]} is shared again: it syncs at the next push.\n`);
      return 0;
    },
  };
}

async function setup({ url, tokenFile }: { url: string; tokenFile: string | null }, ctx: SyncContext): Promise<number> {
  const { io, sync, signal, config } = ctx;
  let token: string | null;
  if (tokenFile !== null) {
    try {
      token = readFileSync(tokenFile, "utf8").trim();
    } catch (error) {
      io.err.write(`ursa sync: cannot read ${tokenFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return 1;
    }
    if (!token) {
      io.err.write(`ursa sync: ${tokenFile} is empty\n`);
      return 1;
    }
  } else {
    token = io.env[TOKEN_KEY] || config.keys[TOKEN_KEY] || null;
  }
  const check = await checkSyncServer(url, token, signal);
  if (!check.ok) {
    io.err.write(`ursa sync: ${check.line}\n`);
    return 1;
  }
  // Kept only once the server has accepted it, so a mistyped file cannot replace a good token.
  if (tokenFile !== null) setKeysFileEntry(config.dataDir, TOKEN_KEY, token);
  const status = await sync.setup(url, token, signal);
  const failure = syncFailureLine(status, "setup");
  if (failure) {
    io.err.write(`ursa sync: ${failure}\n`);
    return 1;
  }
  const where = displayUrl(url);
  if (status.pullOnly) {
    const waiting = status.queued > 0 ? `; its ${status.queued} queued change${status.queued === 1 ? " waits" : "s wait"} here` : "";
    io.out.write(`Sync is set up with ${where}, pull only: the server refused this token a write (it is read-only), so this machine can pull but not push${waiting}. `
      + `Pushing needs a read-write token: ursa sync setup ${where} --token-file <file>. Run ursa sync pull to fetch the other machines' sessions (the dashboard syncs on its own).\n`);
    return 0;
  }
  io.out.write(`Sync is set up with ${where}; ${status.queued} changes queued. Run ursa sync now to send them (the dashboard syncs on its own).\n`);
  return 0;
}

function mintToken(argv: readonly string[], io: SyncIo): number {
  const options = parseTokenArgs(argv);
  const token = mintSyncToken(readPrivateKey(options.key), options);
  io.out.write(`${token}\n`);
  return 0;
}

/** Opens the composition root for one command, hands its sync service over, and closes it. */
async function withSync(io: SyncIo, body: (ctx: SyncContext) => Promise<number>): Promise<number> {
  const config = loadConfig(parseCliArgs([]), { ...io.env }, io.cwd);
  const container = createContainer(config);
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  try {
    const sync = await boundSync(container);
    if (!sync) throw new Error("this build of Ursa has no sync engine");
    return await body({ io, config, container, sync, signal: controller.signal });
  } finally {
    process.off("SIGINT", abort);
    await container.unbindAllAsync();
  }
}

/** A URL the sync client can reach: libsql, http(s) or ws(s) with a host ("sync.example" alone is not one). */
function isSyncServerUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return ["libsql:", "https:", "http:", "wss:", "ws:"].includes(parsed.protocol) && parsed.host !== "";
  } catch {
    return false;
  }
}
