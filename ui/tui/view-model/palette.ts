import { fit, span, type StyledLine } from "./styled.ts";

export interface PaletteItem {
  readonly label: string;
  readonly detail: string;
  /** What replaces the typed token when the item is accepted. */
  readonly value: string;
  /** What Enter sends at once (a command that needs no more arguments); absent: Enter inserts `value`. */
  readonly run?: string;
}

/** A small pick list above the input: slash commands or `@file` completions. */
export class PaletteModel {
  items: readonly PaletteItem[] = [];
  index = 0;

  get open(): boolean {
    return this.items.length > 0;
  }

  set(items: readonly PaletteItem[]): void {
    const keep = this.items[this.index]?.label;
    this.items = items;
    const at = items.findIndex((i) => i.label === keep);
    this.index = at >= 0 ? at : 0;
  }

  close(): void {
    this.items = [];
    this.index = 0;
  }

  move(delta: number): void {
    if (this.items.length === 0) return;
    this.index = (this.index + delta + this.items.length) % this.items.length;
  }

  selected(): PaletteItem | null {
    return this.items[this.index] ?? null;
  }

  rows(width: number, height: number): StyledLine[] {
    const first = Math.max(0, Math.min(this.index - height + 1, this.items.length - height));
        // The name column fits the longest label, leaving the description at least a third.
    const labelWidth = Math.min(Math.max(12, Math.floor((width * 2) / 3)), Math.max(...this.items.map((i) => i.label.length)) + 2);
    return this.items.slice(first, first + height).map((item, i) => {
      const selected = first + i === this.index;
      const text = fit(item.label, labelWidth) + fit(item.detail, Math.max(0, width - labelWidth));
      return selected ? [span(text, "selected")] : [span(fit(item.label, labelWidth), "accent"), span(fit(item.detail, Math.max(0, width - labelWidth)), "dim")];
    });
  }
}
