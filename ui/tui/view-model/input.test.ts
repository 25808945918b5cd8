import { describe, expect, it } from "vitest";
import { EditorModel } from "./editor.ts";
import { computeLayout, type LayoutPane } from "./layout.ts";
import { DEFAULT_PANES } from "../panes/registry.ts";
import { PaletteModel } from "./palette.ts";
import { parseSlash, slashSuggestions } from "./slash-commands.ts";
import { textOf } from "./styled.ts";

describe("EditorModel", () => {
  it("edits multi-line text and walks the history with ↑/↓ at the edges", () => {
    const e = new EditorModel();
    e.insert("first");
    expect(e.take()).toBe("first");
    e.insert("line one");
    e.insert("\n");
    e.insert("two");
    e.up();
    expect(e.cursor).toBe(3);
    e.up(); // on the first line: history
    expect(e.text).toBe("first");
    e.down();
    expect(e.text).toBe("line one\ntwo");
    e.backspace();
    e.deleteWordBack();
    expect(e.text).toBe("line one\n");
  });

  it("finds the @path being typed and shows the cursor as an inverted cell", () => {
    const e = new EditorModel();
    e.insert("look at @src/ma");
    expect(e.mention()).toEqual({ start: 8, prefix: "src/ma" });
    e.set("ab", 1);
    expect(e.rows(10, 3, true)[0]).toEqual([{ text: "a" }, { text: "b", style: "selected" }, { text: "" }]);
  });
});

const COMMANDS = [
  { name: "help", args: "", help: "keys and commands" },
  { name: "mode", args: "[plan|safe|auto]", help: "show or set the trust mode" },
  { name: "undo", args: "", help: "undo the last turn's file changes" },
  { name: "exit", args: "", help: "quit Ursa" },
];

describe("slash commands and palette", () => {
  it("suggests commands by prefix and parses arguments", () => {
    expect(slashSuggestions("/u", COMMANDS).map((i) => i.label)).toEqual(["/undo"]);
    expect(slashSuggestions("/mode x", COMMANDS)).toEqual([]);
    expect(parseSlash("/mode auto", COMMANDS)).toMatchObject({ name: "mode", args: "auto", command: { name: "mode" } });
    expect(parseSlash("/nope", COMMANDS)).toMatchObject({ command: null, name: "nope" });
    const p = new PaletteModel();
    p.set(slashSuggestions("/", COMMANDS));
    p.move(-1);
    expect(p.selected()!.label).toBe("/exit");
    expect(textOf(p.rows(40, 3).at(-1)!)).toContain("/exit");
  });
});

/** The registered panes as the layout sees them, the input wanting `inputRows` rows. */
const panes = (inputRows = 1): LayoutPane[] =>
  DEFAULT_PANES.map((s) => ({ id: s.id, dock: s.dock, ...(s.width ? { width: s.width } : {}), ...(s.share ? { share: s.share } : {}), ...(s.id === "input" ? { wantedRows: inputRows } : {}) }));

describe("layout", () => {
  it("docks every pane on a large terminal", () => {
    const l = computeLayout(160, 48, panes(), {}, "input");
    expect(l.panes["sessions"]).toEqual({ top: 0, left: 0, width: 32, height: 44 });
    expect(l.panes["todos"]!.left).toBe(124);
    expect(l.panes["files"]!.top).toBe(l.panes["todos"]!.height);
    expect(l.panes["conversation"]).toEqual({ top: 0, left: 32, width: 92, height: 44 });
    expect(l.panes["input"]).toEqual({ top: 44, left: 0, width: 160, height: 3 });
    expect(l.overlays).toEqual([]);
  });

  it("collapses side panes at 80×24 and shows the focused one over the conversation", () => {
    const l = computeLayout(80, 24, panes(), {}, "input");
    expect([l.panes["sessions"], l.panes["todos"], l.panes["files"]]).toEqual([null, null, null]);
    expect(l.panes["conversation"]!.width).toBe(80);
    const f = computeLayout(80, 24, panes(), {}, "files");
    expect(f.panes["files"]).not.toBeNull();
    expect(f.overlays).toEqual(["files"]);
  });

  it("keeps remembered sizes within bounds and grows the input with its text", () => {
    const l = computeLayout(200, 60, panes(30), { sessions: { width: 500 }, todos: { width: 1, share: 2 } }, "input");
    expect(l.panes["sessions"]!.width).toBe(66);
    expect(l.panes["todos"]!.width).toBe(24);
    expect(l.panes["input"]!.height).toBe(17);
  });
});
