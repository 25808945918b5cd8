import type { AppContext } from "./app-context.ts";
import { computeLayout, PANES, type LayoutPrefs } from "./view-model/layout.ts";
import { span, type Span, type StyledLine } from "./view-model/styled.ts";
import type { McpSummary, StatusModel } from "./view-model/status.ts";
import type { DashboardWidgets } from "./widgets.ts";

/** What painting reads besides the AppContext. */
export interface PaintState extends AppContext {
  readonly prefs: LayoutPrefs;
  readonly notice: { text: string; until: number } | null;
  status(): StatusModel;
  mcpSummary(): McpSummary | null;
  /** The status bar's sync segment. */
  syncSegment(now: number): Span;
  setConversationSize(size: { width: number; height: number }): void;
  wantOlder(): void;
}

const PALETTE_ROWS = 8;

/** One frame: lays the panes out for the terminal's size and sets each one's visible rows. */
export function paintDashboard(s: PaintState, w: DashboardWidgets): void {
  const cols = w.screen.width as number;
  const rows = w.screen.height as number;
  const modal = s.activeModal();
  const layout = computeLayout(cols, rows, s.prefs, s.focus, s.editor.rowCount(cols - 2));
  for (const name of PANES) w.place(w.panes[name], layout.panes[name]);
  // Overlays (narrow terminals) must be drawn over the conversation.
  for (const name of layout.overlays) w.panes[name].setFront();
  w.place(w.status, layout.status);
  const view = s.current();
  const now = Date.now();

  for (const name of PANES) {
    const el = w.panes[name];
    if (!layout.panes[name]) continue;
    const { width, height } = w.inner(el);
    const focused = s.focus === name && !modal;
    let rowsOut: StyledLine[] = [];
    let extra = "";
    switch (name) {
      case "sessions":
        rowsOut = s.list.rows(width, height, now, focused);
        break;
      case "conversation": {
        s.setConversationSize({ width, height });
        const win = s.conversation().window(width, height);
        rowsOut = [...win.rows];
        if (win.atTop) s.wantOlder();
        const info = view ? s.list.sessions.find((x) => x.id === view.id) : undefined;
        extra = view ? `· ${info?.title ?? view.id.slice(0, 8)} · ${s.list.status(view.id)}${s.conversation().viewport.following ? "" : " · scrolled (End: follow)"}` : "· new session";
        break;
      }
      case "todos":
        rowsOut = view ? view.todos.rows(width, height, focused) : [[span("no session yet", "dim")]];
        break;
      case "files":
        rowsOut = view ? view.files.rows(width, height, focused) : [[span("no session yet", "dim")]];
        break;
      case "input":
        rowsOut = s.editor.rows(width, height, focused || (s.focus === "input" && !modal));
        if (s.editor.empty && !focused) rowsOut = [[span("Type a prompt · Tab moves focus · /help", "dim")]];
        break;
    }
    w.label(name, focused, extra);
    w.paint(el, rowsOut);
  }

  const input = layout.panes.input!;
  if (s.palette.open && s.focus === "input" && !modal) {
    const h = Math.min(PALETTE_ROWS, s.palette.items.length) + 2;
    const width = Math.min(cols, 90);
    w.place(w.palette, { top: Math.max(0, input.top - h), left: 0, width, height: h });
    w.palette.setFront();
    w.paint(w.palette, s.palette.rows(width - 2, h - 2));
  } else w.place(w.palette, null);

  const notice = s.notice && s.notice.until > now ? s.notice.text : null;
  const status = s.status();
  status.running = s.list.running;
  w.paint(w.status, [status.row(cols, notice, s.mcpSummary(), s.syncSegment(now))]);

  if (modal) {
    const width = Math.min(cols - 4, 100);
    const height = Math.min(rows - 2, 32);
    w.place(w.modal, { top: Math.floor((rows - height) / 2), left: Math.floor((cols - width) / 2), width, height });
    w.modal.setLabel(modal.title);
    w.modal.setFront();
    const body = modal.rows(width - 2, height - 3);
    w.paint(w.modal, [...body, ...Array<StyledLine>(Math.max(0, height - 3 - body.length)).fill([]), [span(modal.hint, "accent")]]);
  } else w.place(w.modal, null);
}
