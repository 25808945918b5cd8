/**
 * SQLite's failures (and the file system's, when the file is opened) in words a user can act on. The original error stays as the cause (and in
 * the log); what was saved before the failure is intact, since every write is one transaction.
 */
export function explainStorageError(error: unknown, where: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return error;
  const message = EXPLANATIONS.find(([prefix]) => code.startsWith(prefix))?.[1];
  return message ? new Error(`${message(where)} (${code})`, { cause: error }) : error;
}

const EXPLANATIONS: readonly (readonly [string, (where: string) => string])[] = [
  ["SQLITE_FULL", (where) => `The disk is full: Ursa could not save to ${where}. Free some space and try again; nothing saved earlier was lost`],
  ["SQLITE_READONLY", (where) => `Ursa's database ${where} is read-only: check its permissions (it should be yours, mode 600) and its directory's`],
  ["SQLITE_CANTOPEN", (where) => `Ursa could not open its database ${where}: check that the directory exists and is writable, or set URSA_HOME elsewhere`],
  ["SQLITE_CORRUPT", (where) => `Ursa's database ${where} is damaged: move it aside (Ursa starts a new one) and keep the old file for recovery`],
  ["SQLITE_NOTADB", (where) => `${where} is not an Ursa database: move it aside, or set URSA_HOME to another directory`],
  ["SQLITE_IOERR", (where) => `A disk error stopped Ursa from reading or writing ${where}: check the disk and free space`],
  ["SQLITE_BUSY", (where) => `Another program held ${where} locked for too long: another Ursa is writing heavily; try again`],
  // The file system's own answers, from opening the file before SQLite does.
  ["EISDIR", (where) => `Ursa's database ${where} is a directory, not a file: move it aside (Ursa starts a new database), or set URSA_HOME elsewhere`],
  ["EACCES", (where) => `Ursa may not open its database ${where}: check its permissions (it should be yours, mode 600) and its directory's`],
  ["EPERM", (where) => `Ursa may not open its database ${where}: check its permissions (it should be yours, mode 600) and its directory's`],
  ["EROFS", (where) => `Ursa's database ${where} is on a read-only file system: set URSA_HOME to a writable directory`],
  ["ENOSPC", (where) => `The disk is full: Ursa could not open ${where}. Free some space and try again; nothing saved earlier was lost`],
  ["ENOTDIR", (where) => `A file is in the way of Ursa's data directory (${where}): move it aside, or set URSA_HOME elsewhere`],
];
