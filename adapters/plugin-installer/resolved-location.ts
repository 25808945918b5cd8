import { isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { PluginScope } from "./plugin-scopes.ts";

/**
 * Where a lockfile entry's package comes from (`resolved`), as recorded and as read back.
 * A project's lockfile is committed with the repository, and a local file or folder inside the
 * project (`./vendor/x.tgz`, `./tools/plugin`) is recorded relative to the project, so it means
 * the same in every checkout; an absolute `file://` URL would name one machine's path. The user's
 * lockfile, and a package outside the project, keep the absolute URL. The integrity recorded
 * beside it is checked whichever form names the place.
 */
export function lockedResolved(resolved: string, scope: PluginScope, projectRoot: string): string {
  if (scope !== "project" || !resolved.startsWith("file:")) return resolved;
  const inside = relative(projectRoot, fileURLToPath(resolved));
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return resolved;
  return `./${inside.split(sep).join("/")}`;
}

/** The local path a `resolved` names (a relative one from the project's root), or null for a URL. */
export function localPathOf(resolved: string, projectRoot: string): string | null {
  if (resolved.startsWith("./")) return join(projectRoot, ...resolved.slice(2).split("/"));
  return resolved.startsWith("file:") ? fileURLToPath(resolved) : null;
}
