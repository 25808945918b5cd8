import { diffSpan } from "./highlight.ts";
import { MarkdownStream } from "./markdown.ts";
import { sanitize, span, wrapLine, type Style, type StyledLine } from "./styled.ts";
import { counted } from "../../../core/domain/format.ts";

/**
 * One item of the conversation (a prompt, a reply, a tool call…). A block renders itself to
 * logical lines and caches them wrapped for one width, so a frame only re-wraps what changed.
 */
export abstract class Block {
  expanded = false;
  #version = 0;
  #cache: { width: number; version: number; rows: StyledLine[] } | null = null;

  get expandable(): boolean {
    return false;
  }

  /** Logical (unwrapped) lines. */
  protected abstract lines(): StyledLine[];

  protected changed(): void {
    this.#version++;
  }

  toggle(): void {
    if (!this.expandable) return;
    this.expanded = !this.expanded;
    this.changed();
  }

  /** Rows at `width` columns; a blank row separates blocks. */
  rows(width: number): Rows {
    const c = this.#cache;
    if (c && c.width === width && c.version === this.#version) return c.rows;
    const rows = this.lines().flatMap((l) => wrapLine(l, width));
    rows.push([]);
    this.#cache = { width, version: this.#version, rows };
    return rows;
  }
}

/** Rows of a block, read by index so a long reply is never copied per frame. */
export interface Rows {
  readonly length: number;
  at(index: number): StyledLine | undefined;
}

export class UserBlock extends Block {
  readonly #text: string;
  #queued: boolean;
  /** The text as sent, for matching what an interrupt dropped from the queue. */
  readonly sent: string;
  constructor(text: string, queued = false) {
    super();
    this.sent = text;
    this.#text = sanitize(text);
    this.#queued = queued;
  }
  get queued(): boolean {
    return this.#queued;
  }
  /** A request took the text: it is no longer waiting. */
  markSent(): void {
    this.#queued = false;
    this.changed();
  }
  protected lines(): StyledLine[] {
    return this.#text.split("\n").map((l, i) => [span(i === 0 ? "› " : "  ", "user"), span(l, "user"), ...(i === 0 && this.#queued ? [span("  (queued)", "dim")] : [])]);
  }
}

/**
 * The model's reply as markdown. Streaming appends: completed lines are rendered and wrapped
 * once; only the partial last line is redone per delta, so a long reply costs O(delta).
 */
export class AssistantBlock extends Block {
  #text = "";
  readonly #markdown = new MarkdownStream();
  #consumed = 0;
  #wrapped: { width: number; count: number; rows: StyledLine[] } = { width: 0, count: 0, rows: [] };

  constructor(text = "") {
    super();
    if (text) this.append(text);
  }

  get text(): string {
    return this.#text;
  }

  append(delta: string): void {
    this.#text += delta;
    let nl = this.#text.indexOf("\n", this.#consumed);
    while (nl !== -1) {
      this.#markdown.pushLine(this.#text.slice(this.#consumed, nl));
      this.#consumed = nl + 1;
      nl = this.#text.indexOf("\n", this.#consumed);
    }
    this.changed();
  }

  protected lines(): StyledLine[] {
    return [...this.#markdown.done, ...this.#tail()];
  }

  /** The unfinished last line, and a table still streaming in. */
  #tail(): StyledLine[] {
    return this.#markdown.pending(this.#text.slice(this.#consumed));
  }

  override rows(width: number): Rows {
    if (this.#wrapped.width !== width) this.#wrapped = { width, count: 0, rows: [] };
    const cache = this.#wrapped;
    const finished = this.#markdown.done;
    for (; cache.count < finished.length; cache.count++) cache.rows.push(...wrapLine(finished[cache.count]!, width));
    const done = cache.rows;
    const tail = this.#tail().flatMap((l) => wrapLine(l, width));
    return {
      length: done.length + tail.length + 1,
      at: (i) => (i < done.length ? done[i] : i < done.length + tail.length ? tail[i - done.length] : i === done.length + tail.length ? [] : undefined),
    };
  }
}

export class ThinkingBlock extends Block {
  #text = "";
  /** Counted as deltas arrive: the header shows it on every frame. */
  #lineCount = 1;
  #done = false;
  override get expandable(): boolean {
    return true;
  }
  append(delta: string): void {
    this.#text += delta;
    this.#lineCount += delta.split("\n").length - 1;
    this.changed();
  }
  finish(): void {
    this.#done = true;
    this.changed();
  }
  protected lines(): StyledLine[] {
    const n = this.#lineCount;
    const head: StyledLine = [span(`${this.expanded ? "▾" : "▸"} thinking${this.#done ? "" : "…"}`, "thinking"), span(` (${counted(n, "line")})`, "dim")];
    if (!this.expanded) return [head];
    return [head, ...sanitize(this.#text).split("\n").map((l) => [span(`  ${l}`, "thinking")])];
  }
}

/** Shown while a tool runs, so streaming output stays in view even when collapsed. */
const LIVE_TAIL = 5;

export class ToolBlock extends Block {
  readonly id: string;
  readonly name: string;
  readonly #summary: string;
  /** For a Write or Edit: its change as diff lines (`+`/`-`), shown when expanded. */
  readonly #change: string[];
  /** Sanitised as they arrive, so that a frame only lays them out; `diff`: some line is a hunk header. */
  readonly #live: { lines: string[]; diff: boolean } = { lines: [], diff: false };
  #output: { lines: string[]; diff: boolean } | null = null;
  #success: boolean | null = null;

  constructor(id: string, name: string, args: unknown) {
    super();
    this.id = id;
    this.name = name;
    this.#summary = summarizeArgs(args);
    this.#change = changeLines(name, args);
  }
  override get expandable(): boolean {
    return true;
  }
  get finished(): boolean {
    return this.#success !== null;
  }
  addLine(line: string, isStderr: boolean): void {
    const clean = sanitize(isStderr ? `! ${line}` : line);
    this.#live.lines.push(clean);
    this.#live.diff ||= clean.startsWith("@@");
    this.changed();
  }
  finish(output: string, success: boolean): void {
    const lines = sanitize(output).split("\n");
    this.#output = { lines, diff: lines.some((l) => l.startsWith("@@")) };
    this.#success = success;
    this.changed();
  }

  protected lines(): StyledLine[] {
    const mark = this.#success === null ? span("◆ ", "accent") : this.#success ? span("✓ ", "ok") : span("✗ ", "err");
    const { lines: body, diff: isDiff } = this.#output ?? this.#live;
    const more = body.length > 0 ? span(` ${this.expanded ? "▾" : "▸"} ${counted(body.length, "line")}`, "dim") : span("");
    const head: StyledLine = [mark, span(this.name, "tool"), span(` ${this.#summary}`), more];
    const shown = this.expanded ? body : this.#success === null ? body.slice(-LIVE_TAIL) : [];
    const change = this.expanded ? this.#change.map((l): StyledLine => [span("  │ ", "dim"), diffSpan(l)]) : [];
    return [head, ...change, ...shown.map((l): StyledLine => [span("  │ ", "dim"), isDiff ? diffSpan(l) : span(l, "dim")])];
  }
}

/** A file tool's change from its arguments: Edit's old and new text, Write's content (first lines). */
function changeLines(name: string, args: unknown): string[] {
  if (!args || typeof args !== "object") return [];
  const a = args as Record<string, unknown>;
  const lines = (text: unknown, mark: string): string[] => (typeof text === "string" ? sanitize(text).replace(/\n$/, "").split("\n").map((l) => `${mark}${l}`) : []);
  if (name === "Edit" && typeof a["old_string"] === "string") return [...lines(a["old_string"], "-"), ...lines(a["new_string"], "+")];
  if (name === "Write" && typeof a["content"] === "string") {
    const added = lines(a["content"], "+");
    return added.length > CHANGE_LINES ? [...added.slice(0, CHANGE_LINES), `… ${counted(added.length - CHANGE_LINES, "more line")}`] : added;
  }
  return [];
}

const CHANGE_LINES = 200;

export type NoticeLevel = "info" | "warn" | "error" | "banner" | "footer";
const NOTICE_STYLE: Record<NoticeLevel, Style> = { info: "dim", warn: "warn", error: "err", banner: "warn", footer: "dim" };

export class NoticeBlock extends Block {
  readonly #text: string;
  readonly #level: NoticeLevel;
  constructor(level: NoticeLevel, text: string) {
    super();
    this.#level = level;
    this.#text = sanitize(text);
  }
  protected lines(): StyledLine[] {
    return this.#text.split("\n").map((l) => [span(l, NOTICE_STYLE[this.#level])]);
  }
}

/** The argument a person recognises a call by: its path, command, pattern or URL. */
export function summarizeArgs(args: unknown): string {
  if (typeof args === "string") {
    try {
      return summarizeArgs(JSON.parse(args));
    } catch {
      return args.slice(0, 80);
    }
  }
  if (typeof args !== "object" || args === null) return String(args ?? "");
  const a = args as Record<string, unknown>;
  if (Array.isArray(a["todos"])) return counted(a["todos"].length, "item");
  const primary = a["file_path"] ?? a["command"] ?? a["pattern"] ?? a["path"] ?? a["url"] ?? a["question"] ?? a["description"];
  if (typeof primary === "string") return sanitize(primary.split("\n")[0]!);
  const json = JSON.stringify(args);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
