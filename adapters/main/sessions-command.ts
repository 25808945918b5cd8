import { parseArgs } from "node:util";
import type { Container } from "inversify";
import type { SessionInfo } from "../../core/domain/session-info.ts";
import { sessionSyncMark, syncMarkLabel } from "../../core/domain/session-sync-mark.ts";
import { SESSION_STORE } from "../../core/ports/session-store.ts";
import { parseCliArgs, UsageError } from "./cli-args.ts";
import { loadConfig, type AppConfig } from "./config.ts";
import { createContainer } from "./container.ts";
import { resolve } from "./provide.ts";
import { boundSync, pullBeforeReading } from "./headless-sync.ts";

export interface SessionsIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** What every `ursa sessions <subcommand>` gets: the parsed config and an open composition root. */
export interface SessionsContext {
  readonly io: SessionsIo;
  readonly config: AppConfig;
  readonly container: Container;
}

/** One `ursa sessions` subcommand: its usage line, and a runner returning the exit code. */
export interface SessionsSubcommand {
  readonly usage: string;
  run(args: readonly string[], ctx: SessionsContext): Promise<number>;
}

/** The subcommands, one entry each (issue 13 adds show, export, import and delete here). */
export const SESSIONS_SUBCOMMANDS: Record<string, SessionsSubcommand> = {
  list: { usage: "ursa sessions list [--json] [--all]   this project's sessions (every project's with --all)", run: list },
};

export function sessionsHelp(): string {
  return `ursa sessions — the stored sessions (synced ones included; see docs/sync.md)

Usage:
${Object.values(SESSIONS_SUBCOMMANDS).map((s) => `  ${s.usage}`).join("\n")}

Exit codes: 0 done, 1 failed, 2 bad usage.
`;
}

/** `ursa sessions …`: exit code 0 done, 1 failed, 2 bad usage. */
export async function runSessionsCommand(argv: readonly string[], io: SessionsIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.out.write(sessionsHelp());
    return sub === undefined ? 2 : 0;
  }
  const command = SESSIONS_SUBCOMMANDS[sub];
  if (!command) {
    io.err.write(`ursa sessions: unknown subcommand "${sub}"\nRun ursa sessions --help for usage.\n`);
    return 2;
  }
  let container: Container | null = null;
  try {
    const config = loadConfig(parseCliArgs([]), { ...io.env }, io.cwd);
    container = createContainer(config);
    return await command.run(rest, { io, config, container });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`ursa sessions: ${error.message}\nRun ursa sessions --help for usage.\n`);
      return 2;
    }
    io.err.write(`ursa sessions: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await container?.unbindAllAsync();
  }
}

const LIST_LIMIT = 200;

async function list(args: readonly string[], { io, config, container }: SessionsContext): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], strict: true, allowPositionals: false, options: { json: { type: "boolean" }, all: { type: "boolean" } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const sync = await boundSync(container);
  // Another machine's sessions are listed once they are here: fetch them first, briefly.
  const pulled = sync ? await pullBeforeReading(sync) : { syncOn: false, note: null };
  if (pulled.note) io.err.write(`ursa sessions: ${pulled.note}\n`);
  const store = await resolve(container, SESSION_STORE);
  const infos = (await store.listSessions({ ...(values.all ? {} : { projectKey: config.project.key }), limit: LIST_LIMIT, topLevel: true }));
  const rows = infos.map((info) => ({ info, sync: syncMarkLabel(sessionSyncMark(info, pulled.syncOn)) }));
  if (values.json) {
    io.out.write(`${JSON.stringify(rows.map(({ info, sync }) => sessionJson(info, sync)), null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    io.out.write(values.all ? "No sessions yet.\n" : `No sessions for this project (${config.project.key}) yet; ursa sessions list --all shows every project's.\n`);
    return 0;
  }
  const header = ["ID", "UPDATED", "MSGS", "SYNC", ...(values.all ? ["PROJECT"] : []), "TITLE"];
  const table = rows.map(({ info, sync }) => [
    info.id,
    new Date(info.updatedAt).toISOString().slice(0, 16).replace("T", " "),
    String(info.messageCount),
    sync,
    ...(values.all ? [info.projectKey] : []),
    (info.title ?? "(untitled)").replace(/\s+/g, " ").slice(0, 60),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  for (const row of [header, ...table]) io.out.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")}\n`);
  return 0;
}

/** `--json`: snake_case like Ursa's other JSON; `sync` is the same word the table shows. */
function sessionJson(info: SessionInfo, sync: string) {
  return {
    id: info.id,
    title: info.title,
    project_key: info.projectKey,
    project_root: info.projectRoot,
    created_at: new Date(info.createdAt).toISOString(),
    updated_at: new Date(info.updatedAt).toISOString(),
    message_count: info.messageCount,
    total_tokens: info.totalTokens,
    cost_usd: info.costUsd,
    sync,
    local_only: info.localOnly ?? false,
    running_on: info.leasedBy?.device ?? null,
  };
}
