import type { PaneRegistry } from "./panes/registry.ts";
import type { DashboardWidgets } from "./widgets.ts";

/** Clicks focus a pane and go to its `click`; the wheel goes to its `wheel`. */
export function attachMouse(w: DashboardWidgets, panes: PaneRegistry, host: { setFocus(id: string): void; redraw(): void }): void {
  for (const spec of panes.specs) {
    const el = w.box(spec.id);
    const pane = panes.pane(spec.id)!;
    el.on("click", (data: { y: number }) => {
      if (spec.focusable) host.setFocus(spec.id);
      pane.click?.(data.y - (el.atop as number) - (el.border ? 1 : 0));
      host.redraw();
    });
    if (!pane.wheel) continue;
    el.on("wheelup", () => (pane.wheel!(-3), host.redraw()));
    el.on("wheeldown", () => (pane.wheel!(3), host.redraw()));
  }
}
