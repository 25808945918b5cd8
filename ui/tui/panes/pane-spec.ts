import type { SessionsApi } from "../../../core/ports/driving/sessions-api.ts";
import type { McpServersApi } from "../../../core/ports/driving/mcp-servers-api.ts";
import type { PluginsApi } from "../../../core/ports/driving/plugins-api.ts";
import type { Key } from "../keys.ts";
import type { Modal } from "../modals/modal.ts";
import type { SessionView } from "../session-view.ts";
import type { NoticeLevel } from "../view-model/blocks.ts";
import type { ConversationModel } from "../view-model/conversation.ts";
import type { EditorModel } from "../view-model/editor.ts";
import type { Dock } from "../view-model/layout.ts";
import type { McpSummary, StatusModel } from "../view-model/status.ts";
import type { PaletteModel } from "../view-model/palette.ts";
import type { SessionListModel } from "../view-model/session-list.ts";
import type { Span, StyledLine } from "../view-model/styled.ts";

/**
 * What the dashboard offers its panes. A pane names the members it needs (`needs`) and is
 * handed an object with only those, so what a pane can reach is visible in its first lines.
 */
export interface PaneHost {
  readonly editor: EditorModel;
  readonly palette: PaletteModel;
  readonly list: SessionListModel;
  readonly projectRoot: string;
  /** Null until the engine is connected (the first frame comes before it). */
  api(): SessionsApi | null;
  mcp(): McpServersApi | null;
  plugins(): PluginsApi | null;
  mcpSummary(): McpSummary | null;
  /** The status bar's sync segment (`sync ✓ 12s`, `sync offline · 3 queued`…). */
  syncSegment(now: number): Span;
  current(): SessionView | null;
  /** The conversation in view: the current session's, or the welcome page of a new one. */
  conversation(): ConversationModel;
  /** Scrolls the conversation by pages (PgUp/PgDn work from any pane). */
  scrollConversation(pages: number): void;
  /** Loads older history when the reader reached the top of what is loaded. */
  wantOlder(): void;
  /** The status bar model of the session in view. */
  status(): StatusModel;
  /** The short message shown in the status bar, or null. */
  notice(): string | null;
  focused(): string;
  setFocus(paneId: string): void;
  /** Whether a dialog takes the keys (panes then show no focus). */
  modalOpen(): boolean;
  openModal(modal: Modal): void;
  notify(text: string): void;
  say(level: NoticeLevel, text: string): void;
  submit(text: string): void;
  openSession(id: string): Promise<void>;
  newSession(): void;
  ensureSession(): Promise<SessionView | null>;
  refreshSessions(): void;
  /** Recomputes the palette after the input changed. */
  inputChanged(): void;
  quit(): void;
  /** Ctrl+D on an empty input: quits, asking first while turns run. */
  ctrlD(): void;
  redraw(): void;
}

/** What a pane draws for one frame: its rows and, optionally, words after its title. */
export interface PaneFrame {
  readonly rows: readonly StyledLine[];
  readonly label?: string;
}

/** A slash command a pane brings (`/todos`, `/sessions all`…), listed in the palette and /help. */
export interface PaneCommand {
  readonly name: string;
  readonly args: string;
  readonly help: string;
  run(args: string): void;
  /** Values to offer for the first argument while it is typed (models, providers…). */
  choices?(signal: AbortSignal): Promise<{ readonly values: readonly string[]; readonly detail: string }>;
}

/** A pane's behaviour, made once from the members of PaneHost it asked for. */
export interface Pane {
  render(size: { readonly width: number; readonly height: number }, focused: boolean): PaneFrame;
  /** Returns true when the key was used; a printable key it does not use starts typing a prompt. */
  key?(key: Key): boolean | void;
  /** A click on a row inside the border (0 = first row). */
  click?(row: number): void;
  wheel?(delta: number): void;
  /** Rows of content it would like (only the input asks; others take what the layout gives). */
  wantedRows?(width: number): number;
  readonly commands?: readonly PaneCommand[];
}

/** A pane of the dashboard: everything about it in one place, registered in `all-panes.ts`. */
export interface PaneSpec<K extends keyof PaneHost = keyof PaneHost> {
  readonly id: string;
  readonly title: string;
  /** Where it docks: left column, centre, right column (stacked), bottom (input) or bar (status, no border). */
  readonly dock: Dock;
  /** Place in the Tab order and, within a dock, top to bottom; lower first. */
  readonly order: number;
  /** Whether Tab and clicks can focus it. */
  readonly focusable: boolean;
  /** Default width for the left and right docks; the user's resizing is kept per pane id. */
  readonly width?: number;
  /** Default share of its dock's height when stacked with others. */
  readonly share?: number;
  readonly needs: readonly K[];
  create(host: Pick<PaneHost, K>): Pane;
}

/** Declares a pane; `needs` lists exactly the host members `create` may use. */
export function definePane<K extends keyof PaneHost>(spec: PaneSpec<K>): PaneSpec<K> {
  return spec;
}

/** The members a pane asked for, bound to the host, and nothing else. */
export function pickNeeds<K extends keyof PaneHost>(host: PaneHost, needs: readonly K[]): Pick<PaneHost, K> {
  const out: Partial<PaneHost> = {};
  for (const name of needs) {
    const value = host[name];
    Object.defineProperty(out, name, typeof value === "function" ? { value: (value as (...a: unknown[]) => unknown).bind(host), enumerable: true } : { get: () => host[name], enumerable: true });
  }
  return out as Pick<PaneHost, K>;
}
