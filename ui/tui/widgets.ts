import { stripTerminalControls } from "../../core/domain/terminal-text.ts";
import type * as Blessed from "blessed";
import type { Theme } from "./theme.ts";
import type { PaneName, Rect } from "./view-model/layout.ts";
import type { StyledLine } from "./view-model/styled.ts";

export type BlessedModule = typeof Blessed;
type Box = Blessed.Widgets.BoxElement;

export const PANE_TITLES: Record<PaneName, string> = { sessions: "Sessions", conversation: "Conversation", todos: "Todos", files: "Files", input: "Input" };

/**
 * The blessed elements, created once. They are plain tagged boxes: the view models decide
 * every row, so blessed does no wrapping or scrolling of its own and a frame sets only the
 * rows that are visible.
 */
export class DashboardWidgets {
  readonly screen: Blessed.Widgets.Screen;
  readonly panes: Record<PaneName, Box>;
  readonly palette: Box;
  readonly status: Box;
  readonly modal: Box;
  readonly #theme: Theme;
  readonly #painted = new WeakMap<Box, string>();
  readonly #labels = new Map<PaneName, string>();

  constructor(blessed: BlessedModule, screen: Blessed.Widgets.Screen, theme: Theme) {
    this.screen = screen;
    this.#theme = theme;
    const box = (options: Blessed.Widgets.BoxOptions): Box =>
      blessed.box({ parent: screen, tags: true, wrap: false, scrollable: false, ...options });
    const bordered = (name: PaneName): Box =>
      box({ border: { type: "line" }, label: ` ${PANE_TITLES[name]} `, style: { border: theme.border ? { fg: theme.border } : {} }, hidden: true });
    this.panes = {
      sessions: bordered("sessions"),
      conversation: bordered("conversation"),
      todos: bordered("todos"),
      files: bordered("files"),
      input: bordered("input"),
    };
    this.palette = box({ border: { type: "line" }, hidden: true });
    this.status = box({ height: 1 });
    this.modal = box({ border: { type: "line" }, hidden: true, style: { border: theme.focusBorder ? { fg: theme.focusBorder } : {} } });
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

  /** Sets a pane's rows; skips blessed's parsing when nothing changed. */
  paint(el: Box, rows: readonly StyledLine[]): void {
    const content = rows.map((r) => this.#theme.tags(r)).join("\n");
    if (this.#painted.get(el) === content) return;
    this.#painted.set(el, content);
    el.setContent(content);
  }

  label(name: PaneName, focused: boolean, extra = ""): void {
    const el = this.panes[name];
    const text = ` ${focused ? "● " : ""}${PANE_TITLES[name]}${extra ? ` ${stripTerminalControls(extra)}` : ""} `;
    if (this.#labels.get(name) === text) return;
    this.#labels.set(name, text);
    el.setLabel(text);
    const border = focused ? this.#theme.focusBorder : this.#theme.border;
    (el.style as { border: { fg?: string } }).border = border ? { fg: border } : {};
  }

  /** Columns and rows inside a pane's border. */
  inner(el: Box): { width: number; height: number } {
    return { width: Math.max(1, (el.width as number) - 2), height: Math.max(1, (el.height as number) - 2) };
  }
}
