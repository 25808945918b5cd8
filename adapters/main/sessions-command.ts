import { readFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Container } from "inversify";
import type { SessionInfo } from "../../core/domain/session-info.ts";
import { sessionSyncMark, syncMarkLabel } from "../../core/domain/session-sync-mark.ts";
import { boundSync, pullBeforeReading } from "./headless-sync.ts";
import { SESSION_STORE, type SessionStore } from "../../core/ports/session-store.ts";
import { parseCliArgs, UsageError } from "./cli-args.ts";
import { loadConfig, type AppConfig } from "./config.ts";
import { createContainer } from "./container.ts";
import { resolve } from "./provide.ts";
import { exportSession, importSession, transcriptMarkdown } from "./session-transcript.ts";
import { closest } from "../../core/domain/closest-word.ts";

export interface SessionsIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Asks a yes/no question on the terminal; absent when there is none (then `delete` needs --yes). */
  readonly confirm?: (question: string) => Promise<boolean>;
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

/** The subcommands, one entry each. */
export const SESSIONS_SUBCOMMANDS: Record<string, SessionsSubcommand> = {
  list: { usage: "ursa sessions list [--json] [--all] [--limit N]  this project's sessions (every project's with --all)", run: list },
  show: { usage: "ursa sessions show <id>                          a session's details and conversation", run: show },
  export: { usage: "ursa sessions export <id> [--format md|json]     the conversation with its tool calls (json: all of it, for import)", run: exportCommand },
  import: { usage: "ursa sessions import <file>                      a json export, as a new session of this project", run: importCommand },
  delete: { usage: "ursa sessions delete <id> [--yes]                delete a session (asks on a terminal)", run: deleteCommand },
};

export function sessionsHelp(): string {
  return `ursa sessions — the stored sessions (synced ones included; see docs/sync.md)

Usage:
${Object.values(SESSIONS_SUBCOMMANDS).map((s) => `  ${s.usage}`).join("\n")}

<id> is a session id or its first characters (ursa sessions list shows them).
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
    const near = closest(sub, Object.keys(SESSIONS_SUBCOMMANDS));
    io.err.write(`ursa sessions: unknown subcommand "${sub}"${near ? `; did you mean "ursa sessions ${near}"?` : ""}\nRun ursa sessions --help for usage.\n`);
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

function parse(args: readonly string[], options: NonNullable<ParseArgsConfig["options"]>, positionals: number): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], strict: true, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

async function list(args: readonly string[], { io, config, container }: SessionsContext): Promise<number> {
  const { values } = parse(args, { json: { type: "boolean" }, all: { type: "boolean" }, limit: { type: "string" } }, 0);
  const limit = values.limit === undefined ? LIST_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--limit must be a positive whole number (got "${values.limit}")`);
  const sync = await boundSync(container);
  // Another machine's sessions are listed once they are here: fetch them first, briefly.
  const pulled = sync ? await pullBeforeReading(sync) : { syncOn: false, note: null };
  if (pulled.note) io.err.write(`ursa sessions: ${pulled.note}\n`);
  const store = await resolve(container, SESSION_STORE);
  const infos = await store.listSessions({ ...(values.all ? {} : { projectKey: config.project.key }), limit, topLevel: true });
  const syncLabel = (info: SessionInfo): string => syncMarkLabel(sessionSyncMark(info, pulled.syncOn));
  if (values.json) {
    io.out.write(`${JSON.stringify(infos.map((info) => ({ ...sessionJson(info), ...syncJson(info, syncLabel(info)) })), null, 2)}\n`);
    return 0;
  }
  if (infos.length === 0) {
    io.out.write(values.all ? "No sessions yet.\n" : `No sessions for this project (${config.project.key}) yet; ursa sessions list --all shows every project's.\n`);
    return 0;
  }
  // Without sync, a column saying "sync off" on every row is noise: shown when sync is on or a mark means something.
  const showSync = pulled.syncOn || infos.some((info) => info.localOnly || info.leasedBy);
  io.out.write(sessionTable(infos, Boolean(values.all), showSync ? syncLabel : undefined));
  return 0;
}

/** The sync fields of `list --json`: `sync` is the word the table shows. */
function syncJson(info: SessionInfo, sync: string) {
  return { sync, local_only: info.localOnly ?? false, running_on: info.leasedBy?.device ?? null };
}

/** The table `list` prints (and `ursa --resume` without an id, headless). */
export function sessionTable(infos: readonly SessionInfo[], withProject: boolean, syncLabel?: (info: SessionInfo) => string): string {
  const header = ["ID", "UPDATED", "MSGS", ...(syncLabel ? ["SYNC"] : []), ...(withProject ? ["PROJECT"] : []), "TITLE"];
  const table = infos.map((info) => [
    info.id,
    new Date(info.updatedAt).toISOString().slice(0, 16).replace("T", " "),
    String(info.messageCount),
    ...(syncLabel ? [syncLabel(info)] : []),
    ...(withProject ? [info.projectKey] : []),
    (info.title ?? "(untitled)").replace(/\s+/g, " ").slice(0, 60),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  return [header, ...table].map((row) => `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")}\n`).join("");
}

async function show(args: readonly string[], { io, container }: SessionsContext): Promise<number> {
  const { positionals } = parse(args, {}, 1);
  const store = await resolve(container, SESSION_STORE);
  const info = await findSession(store, positionals[0]);
  io.out.write(transcriptMarkdown(await exportSession(store, info)));
  return 0;
}

async function exportCommand(args: readonly string[], { io, container }: SessionsContext): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: "string" } }, 1);
  const format = values["format"] ?? "md";
  if (format !== "md" && format !== "json") throw new UsageError(`--format must be md or json (got "${format}")`);
  const store = await resolve(container, SESSION_STORE);
  const data = await exportSession(store, await findSession(store, positionals[0]));
  io.out.write(format === "json" ? `${JSON.stringify(data, null, 2)}\n` : transcriptMarkdown(data));
  return 0;
}

async function importCommand(args: readonly string[], { io, config, container }: SessionsContext): Promise<number> {
  const { positionals } = parse(args, {}, 1);
  const file = positionals[0];
  if (file === undefined) throw new UsageError("name the file to import (ursa sessions export <id> --format json > file writes one)");
  const text = file === "-" ? await readAll(process.stdin) : await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  const store = await resolve(container, SESSION_STORE);
  const imported = await importSession(store, text, config.project).catch((error: Error) => {
    throw new Error(`${file}: ${error.message}`);
  });
  if (imported.alreadyFrom !== null) io.out.write(`Already imported: session ${imported.alreadyFrom} is session ${imported.id} here; resume it with: ursa --resume ${imported.id}\n`);
  else io.out.write(`Imported ${imported.messages} messages as session ${imported.id}.\nResume it with: ursa --resume ${imported.id}\n`);
  return 0;
}

async function deleteCommand(args: readonly string[], { io, container }: SessionsContext): Promise<number> {
  const { values, positionals } = parse(args, { yes: { type: "boolean", short: "y" } }, 1);
  const store = await resolve(container, SESSION_STORE);
  const info = await findSession(store, positionals[0]);
  const what = `session ${info.id} "${info.title ?? "(untitled)"}" (${info.messageCount} messages)`;
  if (!values.yes) {
    if (!io.confirm) throw new UsageError(`not deleting ${what} without a terminal to ask on; add --yes`);
    if (!(await io.confirm(`Delete ${what}? [y/N] `))) {
      io.out.write("Kept it.\n");
      return 0;
    }
  }
  await store.deleteSession(info.id);
  io.out.write(`Deleted ${what}.\n`);
  return 0;
}

/** A session by id or unique prefix; one clear line when there is none or several. */
async function findSession(store: SessionStore, idOrPrefix: string | undefined): Promise<SessionInfo> {
  if (idOrPrefix === undefined || idOrPrefix.trim() === "") throw new UsageError("give a session id or its first characters (ursa sessions list shows them)");
  const prefix = idOrPrefix.trim().toLowerCase();
  const matches = await store.findSessionsByPrefix(prefix, 6);
  const id = matches.includes(prefix) ? prefix : matches.length === 1 ? matches[0] : undefined;
  if (matches.length > 1 && id === undefined) throw new Error(`"${idOrPrefix}" matches ${matches.length >= 6 ? "several" : matches.length} sessions (${matches.slice(0, 5).join(", ")}); give more characters`);
  const info = id === undefined ? null : await store.getSession(id);
  if (!info) throw new Error(`no session id starts with "${idOrPrefix}"; ursa sessions list shows them`);
  return info;
}

/** `--json`: snake_case like Ursa's other JSON. */
function sessionJson(info: SessionInfo) {
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
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
