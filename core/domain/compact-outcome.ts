/** What a compaction did, or why it did nothing. */
export type CompactOutcome =
  | { readonly kind: "compacted"; readonly archived: number; readonly preserved: number }
  | { readonly kind: "skipped"; readonly reason: "pending_tool_calls" | "too_short" | "history_too_large"; readonly message: string };
