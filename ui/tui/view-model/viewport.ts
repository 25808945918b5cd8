import type { Block } from "./blocks.ts";
import { span, textOf, type StyledLine } from "./styled.ts";

/** What a frame of the conversation pane shows, with the block behind each row (for clicks). */
export interface ConversationWindow {
  readonly rows: readonly StyledLine[];
  readonly owners: readonly (Block | null)[];
  /** True when the top of the loaded history is in view: time to load an older page. */
  readonly atTop: boolean;
}

/**
 * Scrolling over a list of blocks without laying all of them out: the view either follows the
 * end (new text stays in view) or is anchored at a row of a block, so text arriving below or
 * pages of history inserted above never move what the reader is looking at.
 */
export class Viewport {
  #anchor: { block: Block; row: number } | null = null;
  selected: Block | null = null;

  get following(): boolean {
    return this.#anchor === null;
  }

  follow(): void {
    this.#anchor = null;
  }

  window(blocks: readonly Block[], width: number, height: number): ConversationWindow {
    let start = this.#anchor ? blocks.indexOf(this.#anchor.block) : -1;
    if (this.#anchor && start === -1) this.#anchor = null;
    if (this.#anchor) {
      const w = this.#forward(blocks, start, this.#anchor.row, width, height);
      if (w.rows.length >= height) return w;
      this.#anchor = null;
    }
    return this.#bottom(blocks, width, height);
  }

  /** Moves the view by `delta` rows (negative: up). */
  scroll(blocks: readonly Block[], width: number, height: number, delta: number): void {
    if (blocks.length === 0) return;
    if (!this.#anchor) {
      if (delta >= 0) return;
      this.#anchor = this.#topOfBottom(blocks, width, height);
    }
    let index = blocks.indexOf(this.#anchor.block);
    let row = this.#anchor.row + delta;
    while (row < 0 && index > 0) {
      index--;
      row += blocks[index]!.rows(width).length;
    }
    if (row < 0) row = 0;
    while (index < blocks.length && row >= blocks[index]!.rows(width).length) {
      row -= blocks[index]!.rows(width).length;
      index++;
    }
    if (index >= blocks.length) {
      this.#anchor = null;
      return;
    }
    this.#anchor = { block: blocks[index]!, row };
    if (this.#forward(blocks, index, row, width, height).rows.length < height) this.#anchor = null;
  }

  /** Selects the previous (`-1`) or next (`1`) expandable block and brings it into view. */
  select(blocks: readonly Block[], width: number, height: number, direction: -1 | 1): void {
    const expandable = blocks.filter((b) => b.expandable);
    if (expandable.length === 0) return;
    const at = this.selected ? expandable.indexOf(this.selected) : -1;
    const next = at === -1 ? expandable[direction < 0 ? expandable.length - 1 : 0]! : expandable[Math.min(expandable.length - 1, Math.max(0, at + direction))]!;
    this.selected = next;
    if (!this.window(blocks, width, height).owners.includes(next)) {
      this.#anchor = { block: next, row: 0 };
      if (this.#forward(blocks, blocks.indexOf(next), 0, width, height).rows.length < height) this.#anchor = null;
    }
  }

  #forward(blocks: readonly Block[], index: number, row: number, width: number, height: number): ConversationWindow {
    const rows: StyledLine[] = [];
    const owners: (Block | null)[] = [];
    for (let i = index; i < blocks.length && rows.length < height; i++) {
      const block = blocks[i]!;
      const r = block.rows(width);
      for (let j = i === index ? row : 0; j < r.length && rows.length < height; j++) {
        rows.push(this.#mark(block, j, r.at(j)!));
        owners.push(block);
      }
    }
    return { rows, owners, atTop: index === 0 && row === 0 };
  }

  #bottom(blocks: readonly Block[], width: number, height: number): ConversationWindow {
    const rows: StyledLine[] = [];
    const owners: (Block | null)[] = [];
    let i = blocks.length - 1;
    for (; i >= 0 && rows.length < height; i--) {
      const block = blocks[i]!;
      const r = block.rows(width);
      for (let j = r.length - 1; j >= 0 && rows.length < height; j--) {
        rows.push(this.#mark(block, j, r.at(j)!));
        owners.push(block);
      }
    }
    rows.reverse();
    owners.reverse();
    return { rows, owners, atTop: i < 0 };
  }

  #topOfBottom(blocks: readonly Block[], width: number, height: number): { block: Block; row: number } {
    let left = height;
    for (let i = blocks.length - 1; i >= 0; i--) {
      const n = blocks[i]!.rows(width).length;
      if (n >= left) return { block: blocks[i]!, row: n - left };
      left -= n;
    }
    return { block: blocks[0]!, row: 0 };
  }

  #mark(block: Block, row: number, line: StyledLine): StyledLine {
    if (row !== 0 || block !== this.selected) return line;
    return [span(textOf(line), "selected")];
  }
}
