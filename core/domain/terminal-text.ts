/**
 * Text from the model, a tool or a file, made safe to print on a terminal: every control
 * sequence that did not come from Ursa is removed. Left in, an OSC 52 sequence writes the user's
 * clipboard, others retitle the window, clear the screen, move the cursor or hide text.
 * Removed: escape sequences whole (CSI, OSC, DCS, APC, PM, SOS, up to their terminator), 8-bit
 * C1 controls, and every other control character but newline and tab. An escape sequence cut in
 * two by streaming loses its ESC, so what is left of it prints as plain characters.
 */
export function stripTerminalControls(text: string): string {
  // Fast path: most text has no control characters at all.
  if (!CONTROL.test(text)) return text;
  return text.replace(SEQUENCE, "").replace(C1_STRING, "").replace(CONTROL_GLOBAL, "");
}

/**
 * stripTerminalControls for text that must stay on one line (a package's name on the plugin
 * consent screen, a path a plugin asked for): newlines and tabs become spaces too, so the text
 * cannot start a line of its own that passes for one Ursa printed.
 */
export function printableLine(text: string): string {
  return stripTerminalControls(text).replace(/[\n\t]/g, " ");
}

/* eslint-disable no-control-regex */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const CONTROL_GLOBAL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** ESC-initiated: strings (OSC ] DCS P SOS X PM ^ APC _) to BEL or ST, CSI [ … final byte, or ESC and one more byte group. */
const SEQUENCE = /\x1b(?:[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\[[0-?]*[ -/]*[@-~]?|[ -/]*[0-OQ-WYZ\\`-~]?)/g;
/** The 8-bit forms of the same strings and of CSI. */
const C1_STRING = /[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x9b[0-?]*[ -/]*[@-~]?/g;
/* eslint-enable no-control-regex */

/** A held-back unfinished sequence longer than this is not one: it is dropped. */
const MAX_HELD = 4096;
/* eslint-disable-next-line no-control-regex */
const INTRODUCER = /[\x1b\x90\x98\x9b\x9d\x9e\x9f]/g;
/* eslint-disable-next-line no-control-regex */
const COMPLETE = /^(?:\x1b(?:[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|\[[0-?]*[ -/]*[@-~]|[ -/]*[0-OQ-WYZ\\`-~])|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|\x9b[0-?]*[ -/]*[@-~])/;

/**
 * stripTerminalControls for text that arrives in pieces (a streamed reply): a sequence cut in
 * two by the stream is held back until its end arrives, then removed whole, so no part of it
 * prints. What is still held when the stream ends is dropped.
 */
export class TerminalTextFilter {
  #held = "";

  push(chunk: string): string {
    const text = this.#held + chunk;
    let start = -1;
    for (const match of text.matchAll(INTRODUCER)) start = match.index;
    const unfinished = start >= 0 && !COMPLETE.test(text.slice(start)) ? start : -1;
    this.#held = unfinished < 0 ? "" : text.slice(unfinished);
    if (this.#held.length > MAX_HELD) this.#held = "";
    return stripTerminalControls(unfinished < 0 ? text : text.slice(0, unfinished));
  }

  /** The stream ended: an unfinished sequence is dropped. */
  end(): void {
    this.#held = "";
  }
}
