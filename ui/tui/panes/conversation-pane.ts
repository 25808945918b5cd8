import { definePane } from "./pane-spec.ts";

/** The session in view: messages, tool calls and notices; scrolls, and expands a selected block. */
export const conversationPane = definePane({
  id: "conversation",
  title: "Conversation",
  dock: "center",
  order: 20,
  focusable: true,
  needs: ["conversation", "current", "list", "wantOlder"],
  create: (host) => {
    let size = { width: 80, height: 20 };
    return {
      render: (next) => {
        size = next;
        const conv = host.conversation();
        const win = conv.window(size.width, size.height);
        if (win.atTop) host.wantOlder();
        const view = host.current();
        const info = view ? host.list.sessions.find((x) => x.id === view.id) : undefined;
        const label = view ? `· ${info?.title ?? view.id.slice(0, 8)} · ${host.list.status(view.id)}${conv.viewport.following ? "" : " · scrolled (End: follow)"}` : "· new session";
        return { rows: win.rows, label };
      },
      key(key) {
        const conv = host.conversation();
        const { width, height } = size;
        if (key.name === "up" || key.name === "down") conv.scroll(width, height, key.name === "up" ? -1 : 1);
        // A page keeps two rows of the last one in view.
        else if (key.name === "pageup" || key.name === "pagedown") conv.scroll(width, height, (key.name === "pageup" ? -1 : 1) * Math.max(1, height - 2));
        else if (key.name === "end") conv.viewport.follow();
        else if (key.name === "home") conv.scroll(width, height, -1_000_000);
        else if (key.ch === "[" || key.ch === "]") conv.select(width, height, key.ch === "[" ? -1 : 1);
        else if (key.name === "enter" || key.ch === " ") conv.toggleSelected();
        else return false;
        return true;
      },
      click(row) {
        const conv = host.conversation();
        const owner = conv.window(size.width, size.height).owners[row];
        if (owner?.expandable) {
          conv.viewport.selected = owner;
          owner.toggle();
        }
      },
      wheel: (delta) => host.conversation().scroll(size.width, size.height, delta),
    };
  },
});
