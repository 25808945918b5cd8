/** The texts compaction and microcompact write into a session's history. */

/** The text that stands in for a tool result microcompact cleared. */
export const CLEARED_TOOL_RESULT = "[Old tool result content cleared]";
/** Prefix of the summary message compaction inserts. */
export const COMPACTION_SUMMARY_PREFIX = "[Compacted conversation summary]\n\n";
/** The assistant message compaction inserts after the summary, complete at birth. */
export const COMPACTION_CONTINUATION =
  "Your context was compacted. The previous message contains a summary of the conversation so far. " +
  "Do not mention the summary or that compaction occurred. Continue the conversation naturally from where it left off.";
