import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { LayoutPrefs, PanePrefs } from "./view-model/layout.ts";

/**
 * The user's pane sizes, kept in a small JSON file in the data directory, keyed by pane id:
 * `{ "panes": { "sessions": { "width": 34 }, "todos": { "width": 40, "share": 0.5 } } }`.
 * Values are clamped by the layout; anything unreadable falls back to the defaults.
 */
export function loadPrefs(file: string): LayoutPrefs {
  try {
    const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    if (raw["panes"] && typeof raw["panes"] === "object") return readPanes(raw["panes"] as Record<string, unknown>);
    return fromFirstFormat(raw);
  } catch {
    return {};
  }
}

function readPanes(raw: Record<string, unknown>): LayoutPrefs {
  const out: Record<string, PanePrefs> = {};
  for (const [id, value] of Object.entries(raw)) {
    if (!value || typeof value !== "object") continue;
    const { width, share } = value as Record<string, unknown>;
    out[id] = { ...(typeof width === "number" ? { width } : {}), ...(typeof share === "number" ? { share } : {}) };
  }
  return out;
}

/** The first file format (`sessionsWidth`, `sideWidth`, `todosShare`), kept readable so nobody loses their sizes. */
function fromFirstFormat(raw: Record<string, unknown>): LayoutPrefs {
  const num = (k: string): number | undefined => (typeof raw[k] === "number" ? (raw[k] as number) : undefined);
  const sessions = num("sessionsWidth");
  const side = num("sideWidth");
  const share = num("todosShare");
  const out: Record<string, PanePrefs> = {};
  if (sessions !== undefined) out["sessions"] = { width: sessions };
  if (side !== undefined || share !== undefined) {
    out["todos"] = { ...(side !== undefined ? { width: side } : {}), ...(share !== undefined ? { share } : {}) };
    out["files"] = { ...(side !== undefined ? { width: side } : {}), ...(share !== undefined ? { share: 1 - share } : {}) };
  }
  return out;
}

/** Saves after the user stops resizing for a moment; a failure only costs the remembered sizes. */
export function prefsSaver(file: string, onError: (error: unknown) => void): { save(prefs: LayoutPrefs): void; flush(): void } {
  let pending: LayoutPrefs | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify({ panes: pending }, null, 2)}\n`);
    } catch (error) {
      onError(error);
    }
    pending = null;
  };
  return {
    save(prefs) {
      pending = prefs;
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, 300);
    },
    flush,
  };
}
