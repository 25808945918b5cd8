import { describe, expect, it } from "vitest";
import { DEFAULT_PANES } from "./panes/registry.ts";
import { SKELETON_PANES } from "./shell.ts";

describe("the skeleton painted before the dashboard loads", () => {
  it("draws the built-in panes where their specs put them, with their titles", () => {
    const geometry = (p: { id: string; title: string; dock: string; width?: number; share?: number }) => ({ id: p.id, title: p.title, dock: p.dock, width: p.width, share: p.share });
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(SKELETON_PANES.map(geometry).sort(byId)).toEqual(DEFAULT_PANES.map(geometry).sort(byId));
  });
});
