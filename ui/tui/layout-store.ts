import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { clampPrefs, DEFAULT_PREFS, type LayoutPrefs } from "./view-model/layout.ts";

/** The user's pane sizes, kept in a small JSON file in the data directory. */
export function loadPrefs(file: string): LayoutPrefs {
  try {
    const raw = JSON.parse(readFileSync(file, "utf8")) as Partial<LayoutPrefs>;
    return clampPrefs({
      sessionsWidth: typeof raw.sessionsWidth === "number" ? raw.sessionsWidth : DEFAULT_PREFS.sessionsWidth,
      sideWidth: typeof raw.sideWidth === "number" ? raw.sideWidth : DEFAULT_PREFS.sideWidth,
      todosShare: typeof raw.todosShare === "number" ? raw.todosShare : DEFAULT_PREFS.todosShare,
    });
  } catch {
    return DEFAULT_PREFS;
  }
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
      writeFileSync(file, `${JSON.stringify(pending, null, 2)}\n`);
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
