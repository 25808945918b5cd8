/**
 * Pane geometry: a pure function of the terminal's size, the panes (where each docks), the
 * user's saved sizes (keyed by pane id) and the focus. Nothing here knows a pane by name.
 */
export interface Rect {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

/** left/right: columns of stacked panes; center: what is left; bottom: above the bars; bar: one row, no border. */
export type Dock = "left" | "center" | "right" | "bottom" | "bar";

/** What the layout needs to know about a pane. */
export interface LayoutPane {
  readonly id: string;
  readonly dock: Dock;
  readonly width?: number;
  readonly share?: number;
  /** Content rows a bottom pane wants (the input grows with its text). */
  readonly wantedRows?: number;
}

/** The user's size for one pane: its column's width (left/right docks) and its share of the column's height. */
export interface PanePrefs {
  readonly width?: number;
  readonly share?: number;
}

export type LayoutPrefs = Readonly<Record<string, PanePrefs>>;

export interface Layout {
  readonly panes: Readonly<Record<string, Rect | null>>;
  /** Panes drawn over the conversation because the terminal is too narrow to dock them. */
  readonly overlays: readonly string[];
}

/** Below these widths a side column collapses and its panes appear only while focused. */
const COLLAPSE_BELOW: Record<"left" | "right", number> = { left: 96, right: 120 };
const WIDTH_BOUNDS: Record<"left" | "right", readonly [number, number, number]> = { left: [20, 80, 32], right: [24, 80, 36] };
/** Rows a stacked pane needs to be useful; with less, the column shows only one pane. */
const STACKED_MIN = 6;

export function clampWidth(dock: "left" | "right", width: number): number {
  const [min, max] = WIDTH_BOUNDS[dock];
  return Math.round(Math.min(Math.max(width, min), max));
}

export function clampShare(share: number): number {
  return Math.min(Math.max(share, 0.15), 0.85);
}

/** The width a side column asks for: its first pane's (the user's, else the pane's default). */
export function dockWidth(panes: readonly LayoutPane[], prefs: LayoutPrefs, dock: "left" | "right"): number {
  const lead = panes.find((p) => p.dock === dock);
  return clampWidth(dock, (lead && (prefs[lead.id]?.width ?? lead.width)) ?? WIDTH_BOUNDS[dock][2]);
}

/**
 * The preferences after the focused pane of a side dock is resized by keys: the dock's width by
 * `dx` (towards the centre for the right dock), and its height share against its neighbour by `dy`.
 */
export function resizedPrefs(panes: readonly LayoutPane[], prefs: LayoutPrefs, focus: string, dock: "left" | "right", dx: number, dy: number): LayoutPrefs {
  const members = panes.filter((p) => p.dock === dock);
  const width = clampWidth(dock, dockWidth(panes, prefs, dock) + (dock === "left" ? dx : -dx));
  const next: Record<string, PanePrefs> = { ...prefs };
  for (const p of members) next[p.id] = { ...next[p.id], width };
  const at = members.findIndex((p) => p.id === focus);
  const other = members[at + 1] ?? members[at - 1];
  if (dy !== 0 && other) {
    const share = (id: string): number => prefs[id]?.share ?? members.find((p) => p.id === id)!.share ?? 1 / members.length;
    next[focus] = { ...next[focus], share: clampShare(share(focus) + dy) };
    next[other.id] = { ...next[other.id], share: clampShare(share(other.id) - dy) };
  }
  return next;
}

export function computeLayout(cols: number, rows: number, panes: readonly LayoutPane[], prefs: LayoutPrefs, focus: string): Layout {
  const out: Record<string, Rect | null> = {};
  const overlays: string[] = [];
  for (const p of panes) out[p.id] = null;
  const inDock = (dock: Dock): LayoutPane[] => panes.filter((p) => p.dock === dock);

  let bottomEdge = rows;
  for (const bar of inDock("bar").reverse()) {
    bottomEdge -= 1;
    out[bar.id] = { top: bottomEdge, left: 0, width: cols, height: 1 };
  }
  for (const pane of inDock("bottom").reverse()) {
    const height = Math.min(Math.max(1, pane.wantedRows ?? 1), Math.max(1, Math.floor(rows / 4))) + 2;
    bottomEdge -= height;
    out[pane.id] = { top: bottomEdge, left: 0, width: cols, height };
  }
  const mainHeight = Math.max(3, bottomEdge);

  const column = (dock: "left" | "right"): number => {
    const members = inDock(dock);
    if (members.length === 0) return 0;
    const docked = cols >= COLLAPSE_BELOW[dock];
    const width = Math.min(dockWidth(panes, prefs, dock), Math.floor(cols / 3));
    const focused = members.find((p) => p.id === focus);
    if (!docked && !focused) return 0;
    const overlayWidth = Math.min(cols - 4, Math.max(width, 36));
    const w = docked ? width : overlayWidth;
    const left = dock === "left" ? 0 : cols - w;
    const shown = docked && mainHeight >= STACKED_MIN * members.length ? members : [focused ?? members[0]!];
    stack(shown, prefs, { top: 0, left, width: w, height: mainHeight }, out);
    if (!docked) overlays.push(...shown.map((p) => p.id));
    return docked ? w : 0;
  };
  const left = column("left");
  const right = column("right");
  for (const pane of inDock("center")) out[pane.id] = { top: 0, left, width: Math.max(10, cols - left - right), height: mainHeight };
  return { panes: out, overlays };
}

/** Splits a column's height between its panes by their shares (each keeps at least 4 rows). */
function stack(members: readonly LayoutPane[], prefs: LayoutPrefs, area: Rect, out: Record<string, Rect | null>): void {
  const shares = members.map((p) => clampShare(prefs[p.id]?.share ?? p.share ?? 1 / members.length));
  const total = shares.reduce((a, b) => a + b, 0);
  let top = area.top;
  members.forEach((pane, i) => {
    const rest = area.top + area.height - top;
    const after = members.length - 1 - i;
    const height = after === 0 ? rest : Math.max(4, Math.min(rest - 4 * after, Math.round((area.height * shares[i]!) / total)));
    out[pane.id] = { ...area, top, height };
    top += height;
  });
}
