import type { EngineEvent } from "../../../core/domain/engine-event.ts";
import type { Interruption, SessionInfo, TurnShortfall } from "../../../core/domain/session-info.ts";
import { sessionSyncMark, syncMarkGlyph } from "../../../core/domain/session-sync-mark.ts";
import { age, compactNumber } from "./format.ts";
import { formatCost } from "./status.ts";
import { fit, sanitize, span, type Style, type StyledLine } from "./styled.ts";
import { counted } from "../../../core/domain/format.ts";

export type LiveStatus = "idle" | "running" | "waiting" | "interrupted" | "failed" | "stopped";

const GLYPH: Record<LiveStatus, { glyph: string; style: Style; label: string }> = {
  idle: { glyph: "○", style: "dim", label: "idle" },
  running: { glyph: "●", style: "accent", label: "running" },
  waiting: { glyph: "?", style: "warn", label: "waiting for you" },
  interrupted: { glyph: "↻", style: "warn", label: "interrupted" },
  failed: { glyph: "✗", style: "err", label: "failed" },
  stopped: { glyph: "■", style: "warn", label: "stopped" },
};

/**
 * The sessions pane: the stored list (refreshed from SessionsApi.list) with each session's live
 * status derived from its events, so several running sessions all show movement.
 */
export class SessionListModel {
  #infos: SessionInfo[] = [];
  readonly #status = new Map<string, LiveStatus>();
  /** Sessions with a question for the user (from the dashboard's Interaction, not from events). */
  readonly #waiting = new Set<string>();
  /** When each running session's turn started, and the tool it is running now (for the progress line). */
  readonly #startedAt = new Map<string, number>();
  readonly #tool = new Map<string, string>();
  /** Why each failed or stopped session's last turn fell short ("401 unauthorized", "loop cap"), shown after "failed:" or "stopped:". */
  readonly #shortfalls = new Map<string, TurnShortfall>();
  #index = 0;
  #pendingSelect: string | null = null;
  /** The session behind each row of the last rendering, for mouse clicks. */
  #rowIds: (string | null)[] = [];
  /** The session shown in the conversation pane (null: a new, not yet saved session). */
  currentId: string | null = null;
  allProjects = false;
  /** Whether sync is on: then every session shows a sync mark (⇅ synced, ↑ unsent, ⌂ local-only, @device). */
  syncOn = false;

  get sessions(): readonly SessionInfo[] {
    return this.#infos;
  }

  setSessions(infos: readonly SessionInfo[]): void {
    // A session opened before it was listed (just created) is selected once it is.
    const keep = this.#pendingSelect ?? this.selected()?.id;
    this.#infos = nestSubAgents(infos);
    const at = keep ? this.#infos.findIndex((s) => s.id === keep) : -1;
    if (at >= 0) this.#pendingSelect = null;
    this.#index = at >= 0 ? at : Math.min(this.#index, Math.max(0, this.#infos.length - 1));
  }

  status(id: string): LiveStatus {
    const status = this.#status.get(id) ?? "idle";
    return status === "running" && this.#waiting.has(id) ? "waiting" : status;
  }

  setWaiting(id: string, waiting: boolean): void {
    if (waiting) this.#waiting.add(id);
    else this.#waiting.delete(id);
  }

  setStatus(id: string, status: LiveStatus): void {
    this.#status.set(id, status);
  }

  /** How an earlier run left the session's last turn: failed or stopped (with why), or interrupted. */
  setLeftOver(id: string, left: Interruption): void {
    if (left.kind === "failed" || left.kind === "stopped") {
      this.#shortfalls.set(id, left);
      this.#status.set(id, left.kind);
    } else this.#status.set(id, "interrupted");
  }

  /** Updates the live status from an event; returns whether it changed. */
  apply(event: EngineEvent): boolean {
    this.#progress(event);
    const before = this.#status.get(event.sessionId) ?? "idle";
    let after = before;
    switch (event.type) {
      case "turn_started":
        this.#shortfalls.delete(event.sessionId);
        after = "running";
        break;
      case "turn_failed":
        this.#shortfalls.set(event.sessionId, { kind: "failed", reason: event.reason });
        return false;
      case "turn_stopped":
        this.#shortfalls.set(event.sessionId, { kind: "stopped", reason: event.reason });
        return false;
      case "turn_ended":
        // A turn a limit or the loop cap stopped ends "complete": turn_failed or turn_stopped said how it fell short.
        after = event.reason.kind === "cancelled" ? "interrupted" : event.reason.kind === "error" ? "failed" : (this.#shortfalls.get(event.sessionId)?.kind ?? "idle");
        break;
      default:
        return false;
    }
    this.#status.set(event.sessionId, after);
    return after !== before;
  }

  #progress(event: EngineEvent): void {
    const id = event.sessionId;
    if (event.type === "turn_started") this.#startedAt.set(id, Date.now());
    else if (event.type === "tool_call_started") this.#tool.set(id, event.name);
    else if (event.type === "tool_call_finished") this.#tool.delete(id);
    else if (event.type === "turn_ended") {
      this.#startedAt.delete(id);
      this.#tool.delete(id);
    }
  }

  /** "running 12s · Bash" while a turn runs (the time ticks with each frame), else the status's label. */
  #label(id: string, status: LiveStatus, now: number): string {
    if (status === "failed" || status === "stopped") {
      const shortfall = this.#shortfalls.get(id);
      return shortfall?.kind === status ? `${status}: ${sanitize(shortfall.reason)}` : GLYPH[status].label;
    }
    if (status !== "running" && status !== "waiting") return GLYPH[status].label;
    const started = this.#startedAt.get(id);
    const tool = this.#tool.get(id);
    return `${GLYPH[status].label}${started !== undefined ? ` ${age(started, now)}` : ""}${tool && status === "running" ? ` · ${tool}` : ""}`;
  }

  get running(): number {
    let n = 0;
    for (const s of this.#status.values()) if (s === "running") n++;
    return n;
  }

  selected(): SessionInfo | null {
    return this.#infos[this.#index] ?? null;
  }

  move(delta: number): void {
    this.#index = Math.min(Math.max(0, this.#index + delta), Math.max(0, this.#infos.length - 1));
  }

  /** Moves the highlight to a session; one not listed yet is highlighted when the list next has it. */
  select(id: string): void {
    const at = this.#infos.findIndex((s) => s.id === id);
    if (at >= 0) this.#index = at;
    this.#pendingSelect = at >= 0 ? null : id;
  }

  /** The session shown at `row` of the pane in the last rendering. */
  idAtRow(row: number): string | null {
    return this.#rowIds[row] ?? null;
  }

  /** Two rows per session: status and title, then the figures. */
  rows(width: number, height: number, now: number, focused: boolean): StyledLine[] {
    const head: StyledLine = [span(this.allProjects ? "all projects" : "this project", "dim"), span(`  ${this.#infos.length} · n new`, "dim")];
    if (this.#infos.length === 0) return [head, [span("no sessions yet", "dim")], [span("type a prompt to start one", "dim")]];
    const perPage = Math.max(1, Math.floor((height - 1) / 2));
    const first = Math.max(0, Math.min(this.#index - Math.floor(perPage / 2), this.#infos.length - perPage));
    const rows: StyledLine[] = [head];
    const listed = new Set(this.#infos.map((s) => s.id));
    this.#rowIds = [null];
    for (const s of this.#infos.slice(first, first + perPage)) {
      this.#rowIds.push(s.id, s.id);
      const g = GLYPH[this.status(s.id)];
      const isSel = s === this.selected() && focused;
      const nest = s.parentId !== null && listed.has(s.parentId) ? "↳ " : "";
      const title = fit(`${nest}${s.id === this.currentId ? "▶ " : ""}${sanitize(s.title ?? "(untitled)")}`, width - 2);
      const cost = s.costUsd === null ? "" : ` · ${formatCost(s.costUsd)}`;
      const mark = syncMarkGlyph(sessionSyncMark(s, this.syncOn));
      const figures = fit(`  ${nest ? "  " : ""}${mark ? `${mark} ` : ""}${this.#label(s.id, this.status(s.id), now)} · ${counted(s.messageCount, "msg")} · ${compactNumber(s.totalTokens)} tok${cost} · ${age(s.updatedAt, now)}`, width);
      rows.push(isSel ? [span(`${g.glyph} ${title}`, "selected")] : [span(`${g.glyph} `, g.style), span(title, s.id === this.currentId ? "title" : undefined)]);
      rows.push(isSel ? [span(figures, "selected")] : [span(figures, "dim")]);
    }
    return rows;
  }
}

/** Sub-agents' sessions right below the session that started them (oldest first); the rest keep their order. */
export function nestSubAgents(infos: readonly SessionInfo[]): SessionInfo[] {
  const ids = new Set(infos.map((s) => s.id));
  const children = new Map<string, SessionInfo[]>();
  for (const s of infos) {
    if (s.parentId !== null && ids.has(s.parentId)) children.set(s.parentId, [...(children.get(s.parentId) ?? []), s]);
  }
  const out: SessionInfo[] = [];
  for (const s of infos) {
    if (s.parentId !== null && ids.has(s.parentId)) continue;
    out.push(s, ...(children.get(s.id) ?? []).sort((a, b) => a.createdAt - b.createdAt));
  }
  return out;
}
