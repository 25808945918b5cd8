import type { TrustMode } from "../../core/domain/trust-mode.ts";
import type { SyncService } from "../../core/ports/sync.ts";
import type { Modal } from "./modals/modal.ts";
import type { PaneHost } from "./panes/pane-spec.ts";
import type { PaneRegistry } from "./panes/registry.ts";

/**
 * What the dashboard's own key handling and slash commands may do, beyond what panes get:
 * panes see only the PaneHost members they list in their spec.
 */
export interface AppContext extends PaneHost {
  readonly panes: PaneRegistry;
  /** Why prompts cannot be sent (no provider configured), or null; cleared by a working /provider. */
  providerProblem: string | null;
  mode(): TrustMode;
  setMode(mode: TrustMode): void;
  activeModal(): Modal | null;
  /** Closes `modal`, which the last key answered: the rest of that burst of typing is dropped. */
  closeModal(modal: Modal): void;
  /** Whether the modal in view takes this key (an engine question waits for a pause in typing first). */
  modalTakes(modal: Modal): boolean;
  resize(dx: number, dy: number): void;
  ctrlC(): void;
  /** Null until the engine is connected, or in a build without sync. */
  syncService(): SyncService | null;
  /** Continue here a session that runs on another device (it opens read-only). */
  takeOver(): void;
  /** `/sync`: one push-and-pull round now. */
  syncNow(): void;
  /** Resolves when the engine is connected (the first frame comes before it). */
  connected(): Promise<void>;
  /** Takes a notice of finished work away (`interrupting…`, `compacting…`). */
  clearNotice(text: string): void;
}
