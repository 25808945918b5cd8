/**
 * Spots "elided code" comments in new text (`// ... rest of code`, `# ... existing code ...`,
 * `<!-- ... -->`): models write them when they mean "keep what was there", and writing one
 * into a file deletes that code (koda #708). Only comment lines are considered, and a line the
 * replaced text already had is not one the model invented.
 */
const COMMENT = /^\s*(?:\/\/+|#+|\/\*+|\{\/\*+|<!--|--|;+|\*)\s*(.*?)\s*(?:\*+\/\}?|-->)?\s*$/;
const AFTER_ELLIPSIS = /^(?:\.{3,}|…)\s*\(?\s*(?:the\s+)?(?:rest|existing|remaining|unchanged|previous|original|omitted|same|other|more)\b/i;
// Without a leading ellipsis only whole-comment phrases count, so that "rest of the list is
// handled below" stays an ordinary comment.
const PHRASE =
  /^(?:(?:the\s+)?rest\s+of\s+(?:the\s+)?(?:code|file|function|method|class|implementation|component|module|logic|body)|(?:existing|remaining|previous|original|other)\s+(?:code|implementation|logic|methods|functions|content|imports|tests|cases|fields|properties))(?:\s+(?:here|goes\s+here|remains?\s+(?:the\s+)?(?:same|unchanged)|stays?\s+the\s+same|unchanged|as\s+before|omitted))?\s*(?:\.+|…)?$/i;

/** The first placeholder line of `newText` not already in `oldText`, or null. */
export function findPlaceholder(newText: string, oldText: string): string | null {
  const existing = new Set(oldText.split("\n").map((line) => line.trim()));
  for (const line of newText.split("\n")) {
    if (existing.has(line.trim())) continue;
    const comment = COMMENT.exec(line)?.[1];
    if (comment !== undefined && isPlaceholder(comment)) return line.trim();
  }
  return null;
}

function isPlaceholder(comment: string): boolean {
  const bare = comment.replace(/^[([{\s]+|[)\]}\s]+$/g, "");
  if (/^(?:\.{3,}|…)$/.test(bare)) return true;
  if (AFTER_ELLIPSIS.test(bare)) return true;
  return PHRASE.test(bare);
}
