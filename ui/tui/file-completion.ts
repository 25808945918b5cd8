import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { PaletteItem } from "./view-model/palette.ts";

const LIMIT = 50;

/**
 * `@path` completion: the entries of one directory of the project that start with what was
 * typed, like a shell's Tab. Hidden entries only when a dot was typed.
 */
export async function completePath(projectRoot: string, escaped: string): Promise<PaletteItem[]> {
  const typed = escaped.replace(/\\ /g, " ");
  const slash = typed.lastIndexOf("/");
  const dir = typed.slice(0, slash + 1);
  const base = typed.slice(slash + 1);
  if (dir.split("/").includes("..")) return [];
  let entries;
  try {
    entries = await readdir(join(projectRoot, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.name.startsWith(base) && (base.startsWith(".") || !e.name.startsWith(".")))
    .sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name))
    .slice(0, LIMIT)
    .map((e) => {
      const path = `${dir}${e.name}${e.isDirectory() ? "/" : ""}`;
      // Spaces escaped as `\ `, the way the core reads mentions (and terminals escape dropped files).
      return { label: `@${path}`, detail: e.isDirectory() ? "directory" : "file", value: `@${path.replace(/ /g, "\\ ")}${e.isDirectory() ? "" : " "}` };
    });
}
