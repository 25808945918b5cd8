import type { StoredMessage } from "../../core/domain/message.ts";
import type { ProjectRef, SessionInfo } from "../../core/domain/session-info.ts";
import { parseTrustMode } from "../../core/domain/trust-mode.ts";
import type { MessageLog } from "../../core/ports/message-log.ts";
import type { SessionCatalog } from "../../core/ports/session-catalog.ts";

/** What exporting and importing a session read and write: its row and metadata, and its messages. */
export interface TranscriptStores {
  readonly sessions: SessionCatalog;
  readonly messages: MessageLog;
}

/** `ursa sessions export --format json`: everything `import` needs to give the session back. */
export interface SessionExport {
  readonly format: "ursa-session";
  readonly version: 1;
  readonly session: SessionInfo;
  /** Provider and model the session last used, and its todo list. */
  readonly metadata: { provider: string | null; model: string | null; todos: string | null };
  /** Every row, archived ones included, in the order the conversation had them. */
  readonly messages: readonly StoredMessage[];
}

export async function exportSession(store: TranscriptStores, info: SessionInfo): Promise<SessionExport> {
  const [messages, provider, model, todos] = await Promise.all([
    store.messages.loadAllMessages(info.id),
    store.sessions.getMetadata(info.id, "provider"),
    store.sessions.getMetadata(info.id, "model"),
    store.sessions.getTodo(info.id),
  ]);
  return { format: "ursa-session", version: 1, session: info, metadata: { provider, model, todos }, messages };
}

/**
 * The conversation as Markdown a person reads: prompts, replies, each tool call with its input
 * and (shortened) result. Archived rows are left out; the summary that replaced them stays.
 */
export function transcriptMarkdown(data: SessionExport): string {
  const s = data.session;
  const out: string[] = [
    `# ${s.title ?? "(untitled session)"}`,
    "",
    `- id: ${s.id}`,
    `- project: ${s.projectKey} (${s.projectRoot})`,
    `- created: ${new Date(s.createdAt).toISOString()} · updated: ${new Date(s.updatedAt).toISOString()}`,
    `- model: ${data.metadata.model ?? "?"} (${data.metadata.provider ?? "?"}) · mode: ${s.mode ?? "?"}`,
    `- ${s.messageCount} messages · ${s.totalTokens} tokens · ${s.costUsd === null ? "no price" : `$${s.costUsd.toFixed(4)}`}`,
    "",
  ];
  const calls = new Map<string, string>();
  for (const m of data.messages) {
    if (m.compactedAt !== null) continue;
    const who = m.agentName ? ` (${m.agentName})` : "";
    if (m.role === "user") out.push(`## User${who}`, "", (m.content ?? "").trim(), "");
    else if (m.role === "system") out.push(`## System`, "", (m.content ?? "").trim(), "");
    else if (m.role === "assistant") {
      out.push(`## Assistant${who}${m.completedAt === null ? " (interrupted)" : ""}`, "");
      if ((m.content ?? "").trim() !== "") out.push(m.content!.trim(), "");
      for (const call of m.toolCalls) {
        calls.set(call.id, call.name);
        out.push(`**Tool call** \`${call.name}\``, "", "```json", prettyJson(call.arguments), "```", "");
      }
    } else if (m.role === "tool") {
      const name = calls.get(m.toolCallId ?? "") ?? "tool";
      out.push(`**Result** of \`${name}\``, "", "```", shorten(m.fullContent ?? m.content ?? ""), "```", "");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** The session metadata that names the exported session an imported one came from. */
const IMPORTED_FROM = "imported_from";

/**
 * Reads an export and stores it as a new session of `project` (the ids are new; nothing else
 * changes), unless the project already holds it (`alreadyFrom`: the exported session's id).
 */
export async function importSession(store: TranscriptStores, text: string, project: ProjectRef): Promise<{ id: string; messages: number; alreadyFrom: string | null }> {
  let data: SessionExport;
  try {
    data = JSON.parse(text) as SessionExport;
  } catch (error) {
    throw new Error(`not a session export: ${(error as Error).message}`);
  }
  if (data?.format !== "ursa-session" || !Array.isArray(data.messages) || typeof data.session !== "object") {
    throw new Error("not a session export (ursa sessions export <id> --format json writes one)");
  }
  if (data.version !== 1) throw new Error(`a session export of version ${String(data.version)}; this Ursa reads version 1`);
  const sourceId = typeof data.session.id === "string" ? data.session.id : null;
  const existing = sourceId === null ? null : await findImported(store.sessions, sourceId, project);
  if (existing !== null) return { id: existing, messages: data.messages.length, alreadyFrom: sourceId };
  const mode = parseTrustMode(String(data.session.mode ?? "")) ?? undefined;
  const id = await store.sessions.createSession({ agentName: data.session.agentName ?? "main", project, ...(mode ? { mode } : {}) });
  if (sourceId !== null) await store.sessions.setMetadata(id, IMPORTED_FROM, sourceId);
  if (data.session.title) await store.sessions.setSessionTitle(id, data.session.title);
  if (data.metadata?.provider) await store.sessions.setMetadata(id, "provider", data.metadata.provider);
  if (data.metadata?.model) await store.sessions.setMetadata(id, "model", data.metadata.model);
  if (data.metadata?.todos) await store.sessions.setTodo(id, data.metadata.todos);
  for (const m of data.messages) {
    await store.messages.insertMessage(id, {
      role: m.role,
      content: m.content,
      fullContent: m.fullContent,
      toolCalls: m.toolCalls,
      toolCallId: m.toolCallId,
      thinkingContent: m.thinkingContent,
      thinkingSignature: m.thinkingSignature,
      usage: m.usage,
      agentName: m.agentName,
      model: m.model,
      provider: m.provider,
      costUsd: m.costUsd,
      complete: m.completedAt !== null,
      createdAt: m.createdAt,
      ...(m.completedAt !== null ? { completedAt: m.completedAt } : {}),
      compactedAt: m.compactedAt,
    });
  }
  return { id, messages: data.messages.length, alreadyFrom: null };
}

/**
 * The session of this project that already holds the exported one: itself (exported here), or
 * an earlier import of it. Importing the same file twice then changes nothing. A deleted copy
 * does not count: importing again brings it back.
 */
async function findImported(sessions: SessionCatalog, sourceId: string, project: ProjectRef): Promise<string | null> {
  if ((await sessions.getSession(sourceId))?.projectKey === project.key) return sourceId;
  for (const id of await sessions.sessionsWithMetadata(IMPORTED_FROM, sourceId)) {
    if ((await sessions.getSession(id))?.projectKey === project.key) return id;
  }
  return null;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const RESULT_LINES = 40;

function shorten(text: string): string {
  const lines = text.replace(/```/g, "ʼʼʼ").split("\n");
  return lines.length > RESULT_LINES ? [...lines.slice(0, RESULT_LINES), `… ${lines.length - RESULT_LINES} more lines`].join("\n") : text;
}
