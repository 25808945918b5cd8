import type * as Blessed from "blessed";
import type { TrustMode } from "../../core/domain/trust-mode.ts";
import { openDashboardScreen, quietLabel, type BlessedParts } from "./blessed-parts.ts";
import { BRACKETED_PASTE_OFF } from "./keys.ts";
import { loadPrefs } from "./layout-store.ts";
import { createTheme } from "./theme.ts";
import { computeLayout, type Layout, type LayoutPane } from "./view-model/layout.ts";
import { StatusModel } from "./view-model/status.ts";

type Box = Blessed.Widgets.BoxElement;

/**
 * The built-in panes as the skeleton draws them: where each docks, its default size and its
 * title (the same values as their specs in panes/, which shell.test.ts checks). Plugin panes
 * appear when the dashboard itself paints.
 */
export const SKELETON_PANES: readonly (LayoutPane & { readonly title: string })[] = [
  { id: "input", title: "Input", dock: "bottom" },
  { id: "conversation", title: "Conversation", dock: "center" },
  { id: "sessions", title: "Sessions", dock: "left", width: 32 },
  { id: "todos", title: "Todos", dock: "right", width: 36, share: 0.45 },
  { id: "files", title: "Files", dock: "right", width: 36, share: 0.55 },
  { id: "plugins", title: "Plugins", dock: "right", width: 36, share: 0.3 },
  { id: "status", title: "Status", dock: "bar" },
];

/** What the status bar says until the dashboard paints. */
export const STARTING = "starting…";

export interface ShellOptions {
  /** The saved pane sizes (tui-layout.json), so the skeleton has the dashboard's geometry. */
  readonly layoutFile: string;
  readonly noColor: boolean;
  readonly provider: string;
  readonly model: string;
  readonly mode: TrustMode;
}

/** A key as blessed reported it, on the screen ("feed") or on the raw input stream ("raw"). */
type BufferedKey = { readonly kind: "feed"; readonly ch: string | undefined; readonly key: unknown } | { readonly kind: "raw"; readonly key: unknown };

/** The screen the skeleton was painted on, handed to the dashboard with the keys typed meanwhile. */
export interface TuiShell {
  readonly blessed: BlessedParts;
  readonly screen: Blessed.Widgets.Screen;
  /**
   * Removes the skeleton's boxes and its key, resize and signal handlers, and replays the keys
   * typed since it was painted, in order. Call it right after attaching the dashboard's own
   * key handlers, in the same tick, so no key is lost or seen twice.
   */
  handOver(feed: (ch: string | undefined, key: never) => void, raw: (key: never) => void): void;
  /** Puts the terminal back (the dashboard could not start). */
  close(): void;
}

/**
 * Paints the dashboard's frame before the dashboard's code is loaded: the blessed screen, the
 * panes' borders and titles where the dashboard will draw them, the status bar saying it is
 * starting and the focused input. Keys typed meanwhile are kept for the dashboard; Ctrl+C quits;
 * a resize lays the skeleton out again. The dashboard then paints on the same screen, so blessed
 * rewrites only the cells that differ: no clear, no second terminal set-up.
 */
export async function paintShell(o: ShellOptions): Promise<TuiShell> {
  const { blessed, screen } = openDashboardScreen();
  const theme = createTheme(o.noColor);
  const prefs = loadPrefs(o.layoutFile);
  const status = new StatusModel({ provider: o.provider, model: o.model, mode: o.mode });
  const layout = (): Layout => computeLayout(screen.width as number, screen.height as number, SKELETON_PANES, prefs, "input");
  const statusRow = (): string => theme.tags(status.row(screen.width as number, STARTING));
  const first = layout();
  const boxes = new Map<string, Box>();
  for (const pane of SKELETON_PANES) {
    const focused = pane.id === "input";
    const border = focused ? theme.focusBorder : theme.border;
    const rect = first.panes[pane.id];
    const box = blessed.box({
      parent: screen, tags: true, wrap: false, scrollable: false, ...(rect ?? { hidden: true }),
      ...(pane.dock === "bar" ? { content: statusRow() } : { border: { type: "line" }, label: ` ${focused ? "● " : ""}${pane.title} `, style: { border: border ? { fg: border } : {} } }),
    });
    quietLabel(box);
    boxes.set(pane.id, box);
  }
  const layOut = (): void => {
    const { panes } = layout();
    for (const [id, box] of boxes) {
      const rect = panes[id];
      if (!rect) {
        box.hide();
        continue;
      }
      Object.assign(box, rect);
      box.show();
    }
    boxes.get("status")!.setContent(statusRow());
    screen.render();
  };

  const keys: BufferedKey[] = [];
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    detach();
    screen.program.write(BRACKETED_PASTE_OFF);
    screen.destroy();
  };
  const quit = (code: number) => (): void => {
    close();
    process.exit(code);
  };
  // What was typed, shown in the input as it will be there (the dashboard edits it from the replayed keys).
  let typed = "";
  const onFeed = (ch: string | undefined, key: { ctrl?: boolean; meta?: boolean; name?: string } | undefined): void => {
    // Nothing runs yet and nothing typed was sent: Ctrl+C quits at once.
    if (key?.ctrl && key.name === "c") return quit(0)();
    keys.push({ kind: "feed", ch, key });
    const before = typed;
    if (key?.name === "backspace") typed = typed.slice(0, -1);
    else if (ch !== undefined && ch >= " " && !key?.ctrl && !key?.meta) typed += ch;
    if (typed === before) return;
    boxes.get("input")!.setContent(theme.tags([{ text: typed.slice(-Math.max(1, (screen.width as number) - 3)) }]));
    screen.render();
  };
  const onRaw = (_ch: string | undefined, key: unknown): void => void keys.push({ kind: "raw", key });
  const signals: [NodeJS.Signals, () => void][] = [["SIGTERM", quit(143)], ["SIGHUP", quit(129)], ["SIGINT", quit(130)]];
  screen.on("keypress", onFeed);
  screen.program.input.on("keypress", onRaw);
  screen.on("resize", layOut);
  for (const [name, handler] of signals) process.on(name, handler);
  function detach(): void {
    screen.off("keypress", onFeed);
    screen.program.input.off("keypress", onRaw);
    screen.off("resize", layOut);
    for (const [name, handler] of signals) process.off(name, handler);
  }

  screen.render();
  // blessed writes on the next tick; the dashboard's code is loaded synchronously right after.
  screen.program.flush();
  return {
    blessed,
    screen,
    handOver(feed, raw) {
      // The screen is the dashboard's from here: it restores the terminal.
      closed = true;
      detach();
      for (const box of boxes.values()) box.detach();
      for (const k of keys.splice(0)) {
        if (k.kind === "feed") feed(k.ch, k.key as never);
        else raw(k.key as never);
      }
    },
    close,
  };
}
