/** Pane geometry: a pure function of terminal size, the user's saved sizes and the focus. */
export interface Rect {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

export const PANES = ["sessions", "conversation", "todos", "files", "input"] as const;
export type PaneName = (typeof PANES)[number];

export interface LayoutPrefs {
  readonly sessionsWidth: number;
  readonly sideWidth: number;
  /** The todos pane's share of the side column's height. */
  readonly todosShare: number;
}

export const DEFAULT_PREFS: LayoutPrefs = { sessionsWidth: 32, sideWidth: 36, todosShare: 0.45 };

export interface Layout {
  readonly panes: Readonly<Record<PaneName, Rect | null>>;
  readonly status: Rect;
  /** Panes drawn over the conversation because the terminal is too narrow to dock them. */
  readonly overlays: readonly PaneName[];
}

/** Below these widths side panes collapse and appear only while focused. */
const DOCK_ALL = 120;
const DOCK_SESSIONS = 96;

export function clampPrefs(p: LayoutPrefs): LayoutPrefs {
  return {
    sessionsWidth: Math.round(Math.min(Math.max(p.sessionsWidth, 20), 80)),
    sideWidth: Math.round(Math.min(Math.max(p.sideWidth, 24), 80)),
    todosShare: Math.min(Math.max(p.todosShare, 0.15), 0.85),
  };
}

export function computeLayout(cols: number, rows: number, prefsIn: LayoutPrefs, focus: PaneName, inputRows: number): Layout {
  const prefs = clampPrefs(prefsIn);
  const status: Rect = { top: rows - 1, left: 0, width: cols, height: 1 };
  const inputHeight = Math.min(Math.max(1, inputRows), Math.max(1, Math.floor(rows / 4))) + 2;
  const input: Rect = { top: rows - 1 - inputHeight, left: 0, width: cols, height: inputHeight };
  const mainHeight = Math.max(3, rows - 1 - inputHeight);
  const dockSessions = cols >= DOCK_SESSIONS;
  const dockSide = cols >= DOCK_ALL;
  const sessionsWidth = Math.min(prefs.sessionsWidth, Math.floor(cols / 3));
  const sideWidth = Math.min(prefs.sideWidth, Math.floor(cols / 3));
  const overlayWidth = Math.min(cols - 4, Math.max(sideWidth, sessionsWidth, 36));
  const overlays: PaneName[] = [];

  let sessions: Rect | null = null;
  if (dockSessions) sessions = { top: 0, left: 0, width: sessionsWidth, height: mainHeight };
  else if (focus === "sessions") {
    sessions = { top: 0, left: 0, width: overlayWidth, height: mainHeight };
    overlays.push("sessions");
  }

  let side: Rect | null = null;
  if (dockSide) side = { top: 0, left: cols - sideWidth, width: sideWidth, height: mainHeight };
  else if (focus === "todos" || focus === "files") {
    side = { top: 0, left: cols - overlayWidth, width: overlayWidth, height: mainHeight };
    overlays.push(focus);
  }
  let todos: Rect | null = null;
  let files: Rect | null = null;
  if (side) {
    if (side.height < 12 || !dockSide) {
      // Too short for two panes (or an overlay): the focused one, todos by default.
      if (focus === "files") files = side;
      else todos = side;
    } else {
      const th = Math.max(4, Math.min(side.height - 4, Math.round(side.height * prefs.todosShare)));
      todos = { ...side, height: th };
      files = { ...side, top: side.top + th, height: side.height - th };
    }
  }

  const left = dockSessions ? sessionsWidth : 0;
  const right = dockSide ? sideWidth : 0;
  const conversation: Rect = { top: 0, left, width: Math.max(10, cols - left - right), height: mainHeight };
  return { panes: { sessions, conversation, todos, files, input }, status, overlays };
}
