import type { Role } from "./message.ts";
import { summarySortKeys, type OrderedRow } from "./message-order.ts";

/** One active row, in (sortKey, id) order, as compaction sees it. */
export interface CompactableRow extends OrderedRow {
  readonly role: Role;
}

/** What compaction writes: the first `archived` active rows go, the summary pair sorts after `anchor`. */
export interface CompactionPlan {
  readonly archived: number;
  /** The last archived row. */
  readonly anchor: OrderedRow;
  readonly sortKeys: { readonly summary: string; readonly continuation: string };
}

/**
 * Which of a session's active rows (oldest first) compaction archives to keep `preserveCount`
 * verbatim: all but the last `preserveCount`, fewer when the tail would start with a tool
 * result. A kept result whose call was archived would be pruned from the context as an orphan,
 * so its calling reply (and the results before it) stay too. Null when nothing would be archived.
 */
export function planCompaction(active: readonly CompactableRow[], preserveCount: number): CompactionPlan | null {
  if (!Number.isInteger(preserveCount) || preserveCount < 0) {
    throw new RangeError(`preserveCount must be a non-negative integer, got ${preserveCount}`);
  }
  let archived = active.length - preserveCount;
  while (archived > 0 && archived < active.length && active[archived]!.role === "tool") archived--;
  if (archived < 1) return null;
  const anchor = active[archived - 1]!;
  return { archived, anchor: { sortKey: anchor.sortKey, id: anchor.id }, sortKeys: summarySortKeys(anchor) };
}
