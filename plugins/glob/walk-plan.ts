/** How little of the tree a glob pattern needs walking. */
export interface WalkPlan {
  /** The pattern's leading literal directories, relative to the base ("" for none): the walk starts there. */
  readonly start: string;
  /** How many levels below `start` the pattern can reach; unlimited (absent) with "**", braces or groups. */
  readonly maxDepth?: number;
}

/** Characters that may make a path segment match more than its own spelling. */
const MAGIC = /[*?[\]{}()!+@\\]/;

export function walkPlan(pattern: string): WalkPlan {
  const segments = pattern.split("/");
  let literal = 0;
  // The last segment names what is matched, so it never becomes the start.
  while (literal < segments.length - 1 && isLiteral(segments[literal]!)) literal++;
  const rest = segments.slice(literal);
  const start = segments.slice(0, literal).join("/");
  // A brace or group may hide a "/" of its own, so segments no longer count levels.
  if (rest.some((segment) => segment.includes("**") || /[{}()]/.test(segment))) return { start };
  return { start, maxDepth: rest.length };
}

function isLiteral(segment: string): boolean {
  return segment !== "" && segment !== "." && !MAGIC.test(segment);
}
