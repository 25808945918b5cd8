import type { TrustMode } from "../../core/domain/trust-mode.ts";
import type { McpServersApi } from "../../core/ports/driving/mcp-servers-api.ts";
import type { SessionsApi } from "../../core/ports/driving/sessions-api.ts";
import type { SyncService } from "../../core/ports/sync.ts";
import type { Modal } from "./modals/modal.ts";
import type { SessionView } from "./session-view.ts";
import type { ConversationModel } from "./view-model/conversation.ts";
import type { EditorModel } from "./view-model/editor.ts";
import type { PaneName } from "./view-model/layout.ts";
import type { PaletteModel } from "./view-model/palette.ts";
import type { SessionListModel } from "./view-model/session-list.ts";
import type { NoticeLevel } from "./view-model/blocks.ts";
import type { StatusModel } from "./view-model/status.ts";

/** What key handling and slash commands may do to the dashboard (kept apart to avoid a cycle). */
export interface AppContext {
  readonly editor: EditorModel;
  readonly palette: PaletteModel;
  readonly list: SessionListModel;
  readonly projectRoot: string;
  /** Why prompts cannot be sent (no provider configured), or null; cleared by a working /provider. */
  providerProblem: string | null;
  focus: PaneName;
  /** Null until the engine is connected (the first frame comes before it). */
  api(): SessionsApi | null;
  /** Null until the engine is connected. */
  mcp(): McpServersApi | null;
  /** Null until the engine is connected, or in a build without sync. */
  syncService(): SyncService | null;
  /** Continue here a session that runs on another device (it opens read-only). */
  takeOver(): void;
  current(): SessionView | null;
  /** The conversation in view: the current session's, or the welcome page of a new one. */
  conversation(): ConversationModel;
  conversationSize(): { width: number; height: number };
  /** The status bar model of the session in view. */
  status(): StatusModel;
  mode(): TrustMode;
  setMode(mode: TrustMode): void;
  activeModal(): Modal | null;
  openModal(modal: Modal): void;
  closeModal(modal: Modal): void;
  /** A short message in the status bar for a few seconds. */
  notify(text: string): void;
  /** A notice in the conversation pane. */
  say(level: NoticeLevel, text: string): void;
  submit(text: string): void;
  openSession(id: string): Promise<void>;
  /** Shows a new, not yet saved session (created by its first prompt). */
  newSession(): void;
  /** The current session, created now when there is none. */
  ensureSession(): Promise<SessionView | null>;
  refreshSessions(): void;
  resize(dx: number, dy: number): void;
  ctrlC(): void;
  quit(): void;
  redraw(): void;
  /** Recomputes the palette after the input changed. */
  inputChanged(): void;
}
