import type { Dashboard } from "./dashboard.ts";
import { PANES } from "./view-model/layout.ts";
import type { DashboardWidgets } from "./widgets.ts";

/** Clicks focus a pane (and toggle a block in the conversation); the wheel scrolls. */
export function attachMouse(w: DashboardWidgets, d: Dashboard): void {
  for (const name of PANES) {
    const el = w.panes[name];
    el.on("click", (data: { y: number }) => {
      d.focus = name;
      const row = data.y - (el.atop as number) - 1;
      if (name === "sessions") {
        const id = d.list.idAtRow(row);
        if (id) {
          d.list.select(id);
          void d.openSession(id);
        }
      }
      if (name === "conversation") {
        const { width, height } = d.conversationSize();
        const owner = d.conversation().window(width, height).owners[row];
        if (owner?.expandable) {
          d.conversation().viewport.selected = owner;
          owner.toggle();
        }
      }
      d.redraw();
    });
    el.on("wheelup", () => wheel(d, name, -3));
    el.on("wheeldown", () => wheel(d, name, 3));
  }
}

function wheel(d: Dashboard, pane: (typeof PANES)[number], delta: number): void {
  if (pane === "sessions") d.list.move(Math.sign(delta));
  else if (pane === "todos") d.current()?.todos.move(Math.sign(delta));
  else {
    const { width, height } = d.conversationSize();
    d.conversation().scroll(width, height, delta);
  }
  d.redraw();
}
