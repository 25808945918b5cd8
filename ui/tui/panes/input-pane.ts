import { editKey } from "../modals/modal.ts";
import { span } from "../view-model/styled.ts";
import { definePane } from "./pane-spec.ts";

/** The prompt editor: Enter sends, the palette completes commands and @paths. */
export const inputPane = definePane({
  id: "input",
  title: "Input",
  dock: "bottom",
  order: 10,
  focusable: true,
  needs: ["editor", "palette", "submit", "inputChanged", "ctrlD", "scrollConversation", "focused", "modalOpen", "current"],
  create: (host) => {
    const { editor, palette } = host;
    return {
      wantedRows: (width) => editor.rowCount(width - 2),
      render: ({ width, height }, focused) => {
        const active = focused || (host.focused() === "input" && !host.modalOpen());
        // A session another device holds: said where the prompt would go (sending one says it too).
        const elsewhere = host.current()?.liveElsewhere;
        const readOnly = elsewhere && elsewhere.until > Date.now() ? `read-only: running on ${elsewhere.device} · /takeover continues it here` : null;
        if (editor.empty && !focused) return { rows: [[span(readOnly ?? "Type a prompt · Tab moves focus · /help", "dim")]] };
        const rows = editor.rows(width, height, active);
        if (editor.empty && readOnly) return { rows: [[...(rows[0] ?? []), span(readOnly, "dim")], ...rows.slice(1)] };
        return { rows };
      },
      key(key) {
        if (palette.open && (key.name === "up" || key.name === "down")) return palette.move(key.name === "up" ? -1 : 1), true;
        if (palette.open && (key.name === "tab" || (key.name === "enter" && !key.meta))) {
          const item = palette.selected()!;
          const mention = editor.mention();
          const start = mention ? mention.start : 0;
          editor.set(editor.text.slice(0, start) + item.value + editor.text.slice(editor.cursor), start + item.value.length);
          palette.close();
          // Enter on a command whose arguments are optional (or a chosen argument) runs it at once.
          if (key.name === "enter" && !mention && item.run !== undefined) {
            editor.set(item.run);
            host.submit(editor.take());
          } else host.inputChanged();
          return true;
        }
        if (key.name === "paste" && key.ch) editor.insert(key.ch.replace(/\r\n?/g, "\n"));
        else if ((key.name === "enter" && key.meta) || key.name === "newline") editor.insert("\n");
        else if (key.name === "enter") {
          if (editor.text.trim() === "") return true;
          host.submit(editor.take());
        } else if (key.ctrl && key.name === "d") {
          if (editor.empty) return host.ctrlD(), true;
          editor.deleteForward();
        } else if (key.name === "up" || key.name === "down") {
          // History (or moving between lines) never opens the palette: ↑ again goes on through the history.
          if (key.name === "up") editor.up();
          else editor.down();
          palette.close();
          return true;
        }
        else if ((key.ctrl && key.name === "w") || (key.meta && key.name === "backspace")) editor.deleteWordBack();
        else if (key.ctrl && key.name === "u") editor.set("");
        else if (key.name === "pageup" || key.name === "pagedown") return host.scrollConversation(key.name === "pageup" ? -1 : 1), true;
        else if (!editKey(editor, key)) return true;
        host.inputChanged();
        return true;
      },
    };
  },
});
