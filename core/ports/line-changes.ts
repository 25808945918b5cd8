import { token, type Token } from "./token.ts";

export interface LineChanges {
  readonly added: number;
  readonly removed: number;
}

/**
 * Counts the lines added and removed between two texts, for the files pane's +/- figures and a
 * change's record. Exact for ordinary edits; a pair of texts too different to diff cheaply
 * counts as the whole text replaced.
 */
export interface LineChangeCounter {
  count(before: string, after: string): Promise<LineChanges>;
}

export const LINE_CHANGE_COUNTER: Token<LineChangeCounter> = token("line-change-counter");
