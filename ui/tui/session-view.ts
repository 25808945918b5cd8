import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { Interruption } from "../../core/domain/session-info.ts";
import type { SessionHandle } from "../../core/ports/driving/session-handle.ts";
import { ApprovalModal } from "./modals/approval-modal.ts";
import type { Modal } from "./modals/modal.ts";
import { AskUserModal, LoopCapModal } from "./modals/simple-modals.ts";
import { ConversationModel } from "./view-model/conversation.ts";
import { FilesModel } from "./view-model/files.ts";
import { StatusModel } from "./view-model/status.ts";
import { TodosModel } from "./view-model/todos.ts";

/** Messages fetched per history page: enough to fill a tall pane, small enough to open at once. */
export const HISTORY_PAGE = 60;

/**
 * One open session in the dashboard: its handle and the view models of its panes, kept up to
 * date from its events whether or not it is the session in view. Decisions the engine waits
 * for (approvals, questions, the loop cap) queue here as modals until answered.
 */
export class SessionView {
  readonly handle: SessionHandle;
  readonly conversation = new ConversationModel();
  readonly todos = new TodosModel();
  readonly files: FilesModel;
  readonly status: StatusModel;
  readonly decisions: Modal[] = [];
  /** The last turn was left unanswered (banner shown); "continue" then runs it on the stored history. */
  interrupted = false;
  /** Another device wrote this session in the last two minutes: read-only here until taken over. */
  liveElsewhere: { readonly device: string } | null = null;
  #loadingOlder = false;
  /** Refreshes after a change, one at a time; a change during one schedules one more. */
  #refreshing: Record<"usage" | "files", "idle" | "busy" | "again"> = { usage: "idle", files: "idle" };

  constructor(handle: SessionHandle, projectRoot: string) {
    this.handle = handle;
    this.files = new FilesModel(projectRoot);
    this.status = new StatusModel({ provider: handle.providerName, model: handle.settings.model, mode: handle.mode });
  }

  get id(): string {
    return this.handle.id;
  }

  /** Loads the newest history page, todos, file changes and usage; shows the interruption banner. */
  async load(interruption: Interruption | null, bannerText: (i: Interruption) => string): Promise<void> {
    const [page, todos, files, usage] = await Promise.all([
      this.handle.history(null, HISTORY_PAGE),
      this.handle.todos(),
      this.handle.fileChanges(),
      this.handle.usage(),
    ]);
    this.conversation.prependHistory(page, HISTORY_PAGE);
    this.todos.set(todos);
    this.files.set(files);
    this.status.setUsage(usage);
    if (interruption) this.conversation.addNotice("banner", bannerText(interruption));
    this.interrupted = interruption !== null;
  }

  /** Loads the next older page when the reader reached the top; resolves false when there is none or one is loading. */
  async loadOlder(): Promise<boolean> {
    if (this.#loadingOlder || !this.conversation.hasOlder || this.conversation.oldestId === null) return false;
    this.#loadingOlder = true;
    try {
      this.conversation.prependHistory(await this.handle.history(this.conversation.oldestId, HISTORY_PAGE), HISTORY_PAGE);
      return true;
    } finally {
      this.#loadingOlder = false;
    }
  }

  /** Applies one of this session's events; `changed` is called again when an async refresh lands. */
  apply(event: EngineEvent, changed: () => void): void {
    this.conversation.apply(event);
    this.status.apply(event);
    switch (event.type) {
      case "todo_updated":
        this.todos.set(event.items);
        break;
      case "file_changed":
        this.files.add(event.change);
        break;
      case "files_undone":
        this.#refresh("files", async () => this.files.set(await this.handle.fileChanges()), changed);
        break;
      case "usage_reported":
      case "turn_ended":
        this.#refresh("usage", async () => this.status.setUsage(await this.handle.usage()), changed);
        break;
      case "approval_requested":
        this.decisions.push(new ApprovalModal(event, (decision) => this.handle.send({ type: "approval_response", id: event.id, decision }), () => this.handle.interrupt()));
        break;
      case "ask_user_requested":
        this.decisions.push(new AskUserModal(event, (answer) => this.handle.send({ type: "ask_user_response", id: event.id, answer })));
        break;
      case "loop_cap_reached":
        this.decisions.push(new LoopCapModal(event, (action) => this.handle.send({ type: "loop_decision", action })));
        break;
      default:
        break;
    }
    // A turn that ended (interrupt, error) leaves no question to answer.
    if (event.type === "turn_ended") this.decisions.length = 0;
  }

  #refresh(what: "usage" | "files", load: () => Promise<void>, changed: () => void): void {
    if (this.#refreshing[what] !== "idle") {
      this.#refreshing[what] = "again";
      return;
    }
    this.#refreshing[what] = "busy";
    load()
      .then(changed, () => undefined)
      .finally(() => {
        const again = this.#refreshing[what] === "again";
        this.#refreshing[what] = "idle";
        if (again) this.#refresh(what, load, changed);
      });
  }
}
