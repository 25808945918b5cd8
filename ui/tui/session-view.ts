import type { EngineEvent } from "../../core/domain/engine-event.ts";
import type { Interruption } from "../../core/domain/session-info.ts";
import type { SessionHandle } from "../../core/ports/driving/session-handle.ts";
import type { Interaction } from "../../core/ports/interaction.ts";
import { ConversationModel } from "./view-model/conversation.ts";
import { FilesModel } from "./view-model/files.ts";
import { turnEnds } from "./view-model/history-blocks.ts";
import { loadHighlighter } from "./view-model/highlight.ts";
import { StatusModel } from "./view-model/status.ts";
import { TodosModel } from "./view-model/todos.ts";

/** Messages fetched per history page: enough to fill a tall pane, small enough to open at once. */
export const HISTORY_PAGE = 60;

/**
 * One open session in the dashboard: its handle and the view models of its panes, kept up to
 * date from its events whether or not it is the session in view. Its decisions (approvals,
 * questions, the loop cap) go to the dashboard's Interaction.
 */
export class SessionView {
  readonly handle: SessionHandle;
  readonly conversation = new ConversationModel();
  readonly todos = new TodosModel();
  readonly files: FilesModel;
  readonly status: StatusModel;
  /** The last turn was left unanswered (banner shown); "continue" then runs it on the stored history. */
  interrupted = false;
  /** Another device holds this session (wrote to it or opened it lately) until `until`: read-only here until taken over. */
  liveElsewhere: { readonly device: string; readonly until: number } | null = null;
  #loadingOlder = false;
  /** Refreshes after a change, one at a time; a change during one schedules one more. */
  #refreshing: Record<"usage" | "files", "idle" | "busy" | "again"> = { usage: "idle", files: "idle" };

  constructor(handle: SessionHandle, projectRoot: string, interaction: Interaction) {
    this.handle = handle;
    handle.setInteraction(interaction);
    this.files = new FilesModel(projectRoot);
    this.status = new StatusModel({ provider: handle.providerName, model: handle.settings.model, mode: handle.mode });
    // The grammars (several MiB resident) load with the first session, not with the dashboard:
    // a reply takes longer to arrive than they take to load.
    void loadHighlighter();
  }

  get id(): string {
    return this.handle.id;
  }

  /** Loads the newest history page, todos, file changes and usage; shows the interruption banner. */
  async load(interruption: Interruption | null, bannerText: (i: Interruption) => string): Promise<void> {
    const [page, , todos, files, usage] = await Promise.all([
      this.handle.history(null, HISTORY_PAGE),
      // History is rendered once and kept: its code blocks need the grammars now.
      loadHighlighter(),
      this.handle.todos(),
      this.handle.fileChanges(),
      this.handle.usage(),
    ]);
    this.conversation.prependHistory(page, HISTORY_PAGE, await this.handle.turnUsages(turnEnds(page)));
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
      const page = await this.handle.history(this.conversation.oldestId, HISTORY_PAGE);
      this.conversation.prependHistory(page, HISTORY_PAGE, await this.handle.turnUsages(turnEnds(page)));
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
      // After every model call (its usage is stored before the next context figure), not only at the end.
      case "context_usage":
      case "usage_reported":
      case "turn_ended":
        this.#refresh("usage", async () => this.status.setUsage(await this.handle.usage()), changed);
        break;
      default:
        break;
    }
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
