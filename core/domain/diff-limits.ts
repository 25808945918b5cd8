/**
 * The bounds every line diff runs under (jsdiff's `maxEditLength` and `timeout` options):
 * past 2,000 inserted plus removed lines, or 100 ms, the diff gives up and the change counts
 * as the whole file replaced. Unbounded, a diff of a 20,000-line rewrite took seconds; capped
 * by edits alone, lines moved around in a large file held the event loop (where other sessions
 * stream) for most of a second (test/bench, "line changes of 20,000 lines reversed").
 */
export const DIFF_LIMITS = { maxEditLength: 2_000, timeout: 100 } as const;
