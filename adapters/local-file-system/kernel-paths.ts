/**
 * Folders the kernel fills (/proc, /sys) or that hold devices (/dev). Writing a file there is
 * never what a coding agent means, and Node's recursive mkdir under /proc never settles (it
 * spins at full CPU and cannot be aborted), so such writes are refused before any fs call.
 */
const KERNEL_ROOTS = ["/proc", "/sys", "/dev"] as const;

/** The kernel folder `path` lies in, or null. `path` is absolute and normalized. */
export function kernelRootOf(path: string): string | null {
  return KERNEL_ROOTS.find((root) => path === root || path.startsWith(`${root}/`)) ?? null;
}

/** Throws one clear line when `path` (as given, or `real`, where it really lands) is under a kernel folder. */
export function refuseKernelPath(path: string, real: string): void {
  const root = kernelRootOf(path) ?? kernelRootOf(real);
  if (root === null) return;
  const landing = real === path ? "" : ` (it leads to ${real})`;
  throw new Error(`refused to write ${path}${landing}: ${root} holds kernel and device files, not files to write; choose a path elsewhere`);
}
