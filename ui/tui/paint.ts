import type { Modal } from "./modals/modal.ts";
import type { PaneRegistry } from "./panes/registry.ts";
import { hintLines } from "./view-model/hint-lines.ts";
import { computeLayout, type LayoutPrefs } from "./view-model/layout.ts";
import type { PaletteModel } from "./view-model/palette.ts";
import { span, wrapLine, type StyledLine } from "./view-model/styled.ts";
import type { DashboardWidgets } from "./widgets.ts";

/** What a frame reads besides the panes themselves. */
export interface PaintState {
  readonly panes: PaneRegistry;
  readonly prefs: LayoutPrefs;
  readonly palette: PaletteModel;
  readonly focus: string;
  activeModal(): Modal | null;
  /** The modal in view still waits for a pause in typing (keys typed ahead never answer it). */
  modalWaiting(): boolean;
}

const PALETTE_ROWS = 8;

/** One frame: lays the registered panes out for the terminal's size and sets each one's visible rows. */
export function paintDashboard(s: PaintState, w: DashboardWidgets): void {
  const cols = w.screen.width as number;
  const rows = w.screen.height as number;
  const modal = s.activeModal();
  const layout = computeLayout(cols, rows, s.panes.layoutPanes(cols), s.prefs, s.focus);
  for (const spec of s.panes.specs) w.place(w.box(spec.id), layout.panes[spec.id] ?? null);
  // Overlays (narrow terminals) must be drawn over the conversation.
  for (const id of layout.overlays) w.box(id).setFront();

  for (const spec of s.panes.specs) {
    if (!layout.panes[spec.id]) continue;
    const el = w.box(spec.id);
    const focused = s.focus === spec.id && !modal;
    const frame = s.panes.pane(spec.id)!.render(w.inner(el), focused);
    if (spec.dock !== "bar") w.label(spec.id, focused, frame.label);
    w.paint(el, frame.rows);
  }

  const input = layout.panes["input"];
  if (input && s.palette.open && s.focus === "input" && !modal) {
    const h = Math.min(PALETTE_ROWS, s.palette.items.length) + 2;
    const width = Math.min(cols, 90);
    w.place(w.palette, { top: Math.max(0, input.top - h), left: 0, width, height: h });
    w.palette.setFront();
    w.paint(w.palette, s.palette.rows(width - 2, h - 2));
  } else w.place(w.palette, null);

  if (modal) {
    const width = Math.min(cols - 4, 100);
    const height = Math.min(rows - 2, 32);
    w.place(w.modal, { top: Math.floor((rows - height) / 2), left: Math.floor((cols - width) / 2), width, height });
    w.modal.setLabel(modal.title);
    w.modal.setFront();
    const footer: StyledLine[] = s.modalWaiting() ? [[span("⌨ waiting for a pause in typing before taking keys (what you type goes to the input)", "warn")]] : hintLines(modal.hint, width - 2);
    const bodyHeight = Math.max(1, height - 2 - footer.length);
    // A line wider than the dialog wraps at spaces, as its hints do, rather than being cut mid-word.
    const body = modal.rows(width - 2, bodyHeight).flatMap((line) => wrapLine(line, width - 2)).slice(0, bodyHeight);
    w.paint(w.modal, [...body, ...Array<StyledLine>(Math.max(0, bodyHeight - body.length)).fill([]), ...footer]);
  } else w.place(w.modal, null);
}
