/**
 * POSIX path arithmetic for core and plugins, which may not import `node:path`.
 * Ursa targets POSIX systems (Linux, macOS), as koda does.
 */
export function normalizePath(path: string): string {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = out.join("/");
  return absolute ? `/${joined}` : joined || ".";
}

/** `path` made absolute against `base` (a relative path is joined, an absolute one kept). */
export function resolvePath(base: string, path: string): string {
  return normalizePath(path.startsWith("/") ? path : `${base}/${path}`);
}

/** A path as a user or model writes it: absolute, `~` or `~/…` (the home directory), or relative to `root`. */
export function resolveUserPath(path: string, dirs: { readonly root: string; readonly home: string }): string {
  if (path === "~") return normalizePath(dirs.home);
  if (path.startsWith("~/")) return normalizePath(`${dirs.home}${path.slice(1)}`);
  return resolvePath(dirs.root, path);
}

/** True when `path` is `root` itself or lies below it; both absolute and normalised. */
export function isInside(root: string, path: string): boolean {
  if (root === "/") return path.startsWith("/");
  return path === root || path.startsWith(`${root}/`);
}

/** `path` relative to `root` when inside it, else the path unchanged. */
export function relativePath(root: string, path: string): string {
  if (path === root) return ".";
  return isInside(root, path) ? path.slice(root.length + (root === "/" ? 0 : 1)) : path;
}

export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  if (i < 0) return ".";
  return i === 0 ? "/" : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
