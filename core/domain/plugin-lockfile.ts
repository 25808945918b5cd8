/**
 * The shape of `plugins.lock.json` (docs/plugins.md, "The lockfile"), read the same way by the
 * installer, which writes it, and by the sandbox, which loads what it lists at start. Checking
 * each entry is left to them: the installer rewrites entries whole, the sandbox refuses one bad
 * entry and still loads the others.
 */
export const LOCKFILE_VERSION = 1;

export interface LockfileShape<Entry = unknown> {
  readonly lockfileVersion: number;
  /** The entries by plugin id. */
  readonly plugins: Readonly<Record<string, Entry>>;
}

/**
 * Parses a lockfile's text. A damaged one throws a phrase to follow the file's name
 * ("is not valid JSON (…)", "has lockfileVersion 2; …"), so each reader says where.
 */
export function parseLockfile(text: string): LockfileShape {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`is not valid JSON (${(error as Error).message})`);
  }
  const lock = value as { lockfileVersion?: unknown; plugins?: unknown } | null;
  if (typeof lock !== "object" || lock === null || Array.isArray(lock) || typeof lock.plugins !== "object" || lock.plugins === null || Array.isArray(lock.plugins)) {
    throw new Error('is not an Ursa plugin lockfile (no "plugins" object)');
  }
  if (lock.lockfileVersion !== LOCKFILE_VERSION) {
    throw new Error(`has lockfileVersion ${String(lock.lockfileVersion)}; this Ursa reads version ${LOCKFILE_VERSION}`);
  }
  return { lockfileVersion: LOCKFILE_VERSION, plugins: lock.plugins as Record<string, unknown> };
}
