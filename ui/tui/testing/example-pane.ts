/**
 * Test-only: a pane as a new feature would add one, in one file. `registry.test.ts` registers
 * it with one line and checks that the dashboard docks, focuses, paints and routes it.
 */
import { span } from "../view-model/styled.ts";
import { definePane } from "../panes/pane-spec.ts";

export const tallyPane = definePane({
  id: "tally",
  title: "Tally",
  dock: "right",
  order: 60,
  focusable: true,
  width: 36,
  share: 0.3,
  needs: ["setFocus", "notify"],
  create: (host) => {
    let count = 0;
    let clicks = 0;
    return {
      render: (_size, focused) => ({ rows: [[span(`tally ${count} · clicks ${clicks}`, focused ? "selected" : undefined)]], label: `(${count})` }),
      key(key) {
        if (key.ch !== "+") return false;
        count++;
        return true;
      },
      click: () => void clicks++,
      commands: [{
        name: "tally",
        args: "[n]",
        help: "focus the tally and add n",
        run(args) {
          count += Number(args) || 0;
          host.setFocus("tally");
          host.notify(`tally is ${count}`);
        },
      }],
    };
  },
});
