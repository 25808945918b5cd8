import { stripTerminalControls } from "../../core/domain/terminal-text.ts";
import type * as Blessed from "blessed";
import { quietLabel, type BlessedParts } from "./blessed-parts.ts";
import type { Theme } from "./theme.ts";
import type { Dock, Rect } from "./view-model/layout.ts";
import type { StyledLine } from "./view-model/styled.ts";

type Box = Blessed.Widgets.BoxElement;

/**
 * The blessed elements, one box per pane plus the palette and the modal, created once. They
 * are plain tagged boxes: the view models decide every row, so blessed does no wrapping or
 * scrolling of its own and a frame sets only the rows that are visible.
 */
export class DashboardWidgets {
  readonly screen: Blessed.Widgets.Screen;
  readonly panes = new Map<string, Box>();
  readonly palette: Box;
  readonly modal: Box;
  readonly #theme: Theme;
  readonly #painted = new WeakMap<Box, string>();
  readonly #labels = new Map<string, string>();
  readonly #titles = new Map<string, string>();

  constructor(blessed: BlessedParts, screen: Blessed.Widgets.Screen, theme: Theme, panes: readonly { id: string; title: string; dock: Dock }[]) {
    this.screen = screen;
    this.#theme = theme;
    const box = (options: Blessed.Widgets.BoxOptions): Box =>
      blessed.box({ parent: screen, tags: true, wrap: false, scrollable: false, ...options });
    for (const pane of panes) {
      this.#titles.set(pane.id, pane.title);
      this.panes.set(pane.id, pane.dock === "bar"
        ? box({ height: 1, hidden: true })
        : box({ border: { type: "line" }, label: ` ${pane.title} `, style: { border: theme.border ? { fg: theme.border } : {} }, hidden: true }));
      quietLabel(this.panes.get(pane.id)!);
    }
    this.palette = box({ border: { type: "line" }, hidden: true });
    this.modal = box({ border: { type: "line" }, hidden: true, style: { border: theme.focusBorder ? { fg: theme.focusBorder } : {} } });
  }

  box(id: string): Box {
    return this.panes.get(id)!;
  }

  place(el: Box, rect: Rect | null): void {
    if (!rect) {
      if (!el.hidden) el.hide();
      return;
    }
    if (el.top !== rect.top) el.top = rect.top;
    if (el.left !== rect.left) el.left = rect.left;
    if (el.width !== rect.width) el.width = rect.width;
    if (el.height !== rect.height) el.height = rect.height;
    if (el.hidden) el.show();
  }

  /** Sets a box's rows; skips blessed's parsing when nothing changed. */
  paint(el: Box, rows: readonly StyledLine[]): void {
    const content = rows.map((r) => this.#theme.tags(r)).join("\n");
    if (this.#painted.get(el) === content) return;
    this.#painted.set(el, content);
    el.setContent(content);
  }

  label(id: string, focused: boolean, extra = ""): void {
    const el = this.box(id);
    const text = ` ${focused ? "● " : ""}${this.#titles.get(id)}${extra ? ` ${stripTerminalControls(extra)}` : ""} `;
    if (this.#labels.get(id) === text) return;
    this.#labels.set(id, text);
    el.setLabel(text);
    const border = focused ? this.#theme.focusBorder : this.#theme.border;
    (el.style as { border: { fg?: string } }).border = border ? { fg: border } : {};
  }

  /** Columns and rows inside a box's border (a bar has none). */
  inner(el: Box): { width: number; height: number } {
    const edge = el.border ? 2 : 0;
    return { width: Math.max(1, (el.width as number) - edge), height: Math.max(1, (el.height as number) - edge) };
  }
}
