import type { Redirect, Word } from "./shell-ast.ts";

interface Pending {
  readonly redirect: Redirect;
  readonly delimiter: string;
  readonly stripTabs: boolean;
  /** An unquoted delimiter: the body's $(…) and `…` run. */
  readonly expands: boolean;
}

/** Here-documents opened on the current line: their bodies start after the line ends. */
export class PendingHeredocs {
  readonly #pending: Pending[] = [];

  /** A `<<DELIMITER` or `<<-DELIMITER` redirection just read. */
  add(redirect: Redirect): void {
    const { target } = redirect;
    this.#pending.push({ redirect, delimiter: target.text, stripTabs: redirect.op === "<<-", expands: target.raw === target.text });
  }

  /**
   * Reads the bodies from `pos` (the start of a line), sets each on its redirection, and
   * returns the position after the last one. `expand` reads a body whose expansions run.
   */
  read(src: string, pos: number, expand: (body: string) => Word): number {
    let at = pos;
    for (let h = this.#pending.shift(); h; h = this.#pending.shift()) {
      let body = "";
      while (at < src.length) {
        const newline = src.indexOf("\n", at);
        const end = newline < 0 ? src.length : newline;
        const line = src.slice(at, end);
        at = newline < 0 ? end : newline + 1;
        if ((h.stripTabs ? line.replace(/^\t+/, "") : line) === h.delimiter) break;
        body += `${line}\n`;
      }
      h.redirect.body = h.expands ? expand(body) : { text: body, raw: body, dynamic: false, subs: [] };
    }
    return at;
  }
}
