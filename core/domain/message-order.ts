/**
 * The order of a session's history. Rows are ordered by (sortKey, id); a row's sort key is its
 * own id (UUID v7, so creation order) except for the pair compaction inserts, which must sit
 * between the rows it archived and the tail it kept although their ids are newer than both.
 */
export interface OrderedRow {
  readonly sortKey: string;
  readonly id: string;
}

/** (sortKey, id) order. Keys are ASCII, so this matches SQLite's BINARY collation. */
export function compareRows(a: OrderedRow, b: OrderedRow): number {
  if (a.sortKey !== b.sortKey) return a.sortKey < b.sortKey ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The sort keys of compaction's summary and continuation, placed right after `anchor` (the last
 * archived row). Ids are fixed-length, so "<key>~1" sorts after <key> and before every later
 * key. Using the anchor's sort key (not its id) keeps this true when the anchor is itself an
 * earlier summary row.
 */
export function summarySortKeys(anchor: OrderedRow): { readonly summary: string; readonly continuation: string } {
  return { summary: `${anchor.sortKey}~1`, continuation: `${anchor.sortKey}~2` };
}
