import { textDigest, type FileLedger } from "#plugin-api";


/** Write and Edit note the content they write, so a later mismatch is not their doing. */
const TOOLS_THAT_NOTE_WHAT_THEY_WRITE = new Set(["Write", "Edit"]);

/**
 * Refuses an edit based on an outdated view: the model read the file (or wrote it) and the file
 * has changed since, so old_str and new_str were written against text that is no longer there.
 * A file never read in this session passes: koda demands a Read before any Edit, but an exact
 * old_str match already shows the model knows the text it replaces, and a mandatory Read costs a
 * round trip and context on every first edit. The danger is only a stale view, checked here.
 */
export async function stalenessError(files: FileLedger, key: string, current: string, shownPath: string, now: number): Promise<string | null> {
  const read = files.lastRead(key);
  if (!read || read.digest === (await textDigest(current))) return null;
  const writer = files.lastWriter(key);
  const blamed = writer && writer.at >= read.at && !TOOLS_THAT_NOTE_WHAT_THEY_WRITE.has(writer.tool) ? writer : undefined;
  const by = blamed ? `was changed by ${blamed.tool} ${age(now - blamed.at)} ago, after you last read it` : "was changed outside Ursa since you last read it";
  return `${shownPath} ${by}. Read it again, then redo the edit against its current content.`;
}

function age(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}
