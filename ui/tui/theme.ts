import { stripTerminalControls } from "../../core/domain/terminal-text.ts";
import type { Style, StyledLine } from "./view-model/styled.ts";

/**
 * Style names to blessed tags. Under NO_COLOR (https://no-color.org) only attributes remain:
 * bold, underline and inverse, so selection and headings are still visible.
 */
export interface Theme {
  /** Border colour of the focused pane (null: default colour, focus shown in the label). */
  readonly focusBorder: string | null;
  readonly border: string | null;
  tags(line: StyledLine): string;
}

const COLOR: Record<Style, string> = {
  dim: "{gray-fg}", bold: "{bold}", italic: "{white-fg}", user: "{bold}{cyan-fg}", accent: "{cyan-fg}", code: "{yellow-fg}",
  heading: "{bold}{magenta-fg}", link: "{blue-fg}{underline}", quote: "{gray-fg}", ok: "{green-fg}", err: "{red-fg}",
  warn: "{yellow-fg}", add: "{green-fg}", del: "{red-fg}", hunk: "{cyan-fg}", keyword: "{magenta-fg}", string: "{green-fg}",
  comment: "{gray-fg}", number: "{yellow-fg}", selected: "{inverse}", thinking: "{gray-fg}", tool: "{bold}{blue-fg}", title: "{bold}",
};

const MONO: Partial<Record<Style, string>> = {
  bold: "{bold}", user: "{bold}", heading: "{bold}", link: "{underline}", selected: "{inverse}", tool: "{bold}", title: "{bold}",
};

export function createTheme(noColor: boolean): Theme {
  const table: Partial<Record<Style, string>> = noColor ? MONO : COLOR;
  return {
    focusBorder: noColor ? null : "cyan",
    border: noColor ? null : "gray",
    tags(line) {
      let out = "";
      for (const s of line) {
        const open = s.style ? table[s.style] : undefined;
        out += open ? `${open}${escapeTags(s.text)}{/}` : escapeTags(s.text);
      }
      return out;
    },
  };
}

/**
 * Literal braces would be read as tags; control sequences in a span's text never came from
 * Ursa (its styles are tags), so every pane is safe whatever a view model forgot to sanitise.
 */
function escapeTags(text: string): string {
  return stripTerminalControls(text).replace(/[{}]/g, (c) => (c === "{" ? "{open}" : "{close}"));
}
