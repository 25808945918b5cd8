/**
 * A pane is one file: the example pane (testing/example-pane.ts) is registered with one line and
 * the real dashboard, in a virtual terminal, docks it, Tabs to it, routes its keys, clicks and
 * slash command, lists it in /help and keeps its size under its id.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SessionService } from "../../../core/application/session-service.ts";
import { SILENT_LOGGER } from "../../../core/ports/logger.ts";
import { createHarness, type Harness } from "../../../test/support/engine-harness.ts";
import { runTui } from "../run-tui.ts";
import { tallyPane } from "../testing/example-pane.ts";
import { VirtualTerminal } from "../testing/virtual-terminal.ts";
import { DEFAULT_PANES } from "./registry.ts";

let h: Harness | null = null;
let vt: VirtualTerminal | null = null;
afterEach(async () => {
  vt?.dispose();
  await h?.cleanup();
});

describe("the pane registry", () => {
  it("registers every pane file with exactly one line in all-panes.ts", () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => f.endsWith("-pane.ts"));
    const lines = readFileSync(join(dir, "all-panes.ts"), "utf8").split("\n").filter((l) => l.startsWith("export "));
    expect(lines.length).toBe(files.length);
    for (const f of files) expect(lines.filter((l) => l.includes(`"./${f}"`))).toHaveLength(1);
    expect(DEFAULT_PANES.map((p) => p.id)).toEqual(["input", "conversation", "sessions", "todos", "files", "plugins", "status"]);
  });

  it("shows a pane added with one registration line: docked, focused by Tab and click, its keys, command and saved size", async () => {
    h = await createHarness({ mode: "safe" });
    const layoutFile = join(mkdtempSync(join(tmpdir(), "ursa-layout-")), "tui-layout.json");
    vt = new VirtualTerminal(160, 48);
    const harness = h;
    const sessions = new SessionService({ sessions: harness.store.sessions, messages: harness.store.messages, agent: harness.session.agent, makeSession: ({ id, mode }) => harness.newSessionFor(id, { mode }) });
    const exit = runTui({
      engine: async () => ({ sessions, events: harness.bus }),
      log: SILENT_LOGGER, projectRoot: harness.dir, defaultMode: "safe", provider: "scripted", model: "test-model", providerProblem: null,
      layoutFile, noColor: true, input: vt.streams.input, output: vt.streams.output, terminal: "xterm-256color", ownProcess: false,
      panes: [...DEFAULT_PANES, tallyPane], // the one registration line
    });
    const t = vt;
    await t.waitFor("● Input");
    // Docked in the right column under Files, painted with its label.
    await t.waitFor(/Files[\s\S]*Tally \(0\)[\s\S]*tally 0 · clicks 0/);
    const rows = t.text().split("\n");
    const filesRow = rows.findIndex((r) => r.includes(" Files "));
    const tallyRow = rows.findIndex((r) => r.includes(" Tally "));
    expect(tallyRow).toBeGreaterThan(filesRow);
    expect(rows[tallyRow]!.indexOf("Tally")).toBe(rows[filesRow]!.indexOf("Files"));

    t.type("\t\t\t\t\t\t"); // input → conversation → sessions → todos → files → plugins → tally
    await t.waitFor("● Tally");
    t.type("+");
    t.type("+");
    await t.waitFor("tally 2 · clicks 0");
    t.type("\x1b[1;3D"); // Alt+← widens the right column, saved under the pane ids
    await t.waitFor((s) => s.split("\n")[0]!.lastIndexOf("┌") < rows[0]!.lastIndexOf("┌"));

    t.type("\t"); // back to the input: the command is in the palette
    await t.waitFor("● Input");
    t.type("/ta");
    await t.waitFor("focus the tally and add n");
    t.type("\x15"); // Ctrl+U clears
    t.type("/tally 5");
    t.type("\r");
    await t.waitFor("tally is 7");
    await t.waitFor("● Tally (7)");

    // A click on its row focuses it and reaches its handler.
    t.type("\t"); // tally → input
    await t.waitFor("● Input");
    const at = t.text().split("\n").findIndex((r) => r.includes("tally 7"));
    const col = t.text().split("\n")[at]!.indexOf("tally 7");
    t.type(`\x1b[<0;${col + 1};${at + 1}M`); // press and release (SGR mouse)
    t.type(`\x1b[<0;${col + 1};${at + 1}m`);
    await t.waitFor("tally 7 · clicks 1");
    await t.waitFor("● Tally");

    t.type("\t");
    t.type("/help");
    t.type("\r");
    await t.waitFor("/tally [n] — focus the tally and add n");
    t.type("\x1b");
    t.type("\x03");
    t.type("\x03");
    expect(await exit).toBe(0);
    const saved = JSON.parse(readFileSync(layoutFile, "utf8")) as { panes: Record<string, { width?: number }> };
    expect(saved.panes["tally"]!.width).toBe(38);
  });
});
