import { decodeEntities } from "./html-entities.ts";

/** Elements whose content is never page text. */
const DROPPED = /<(script|style|noscript|template|svg|math|iframe|object|canvas|select)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const BLOCKS = new Set(
  "address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure footer form header hgroup html li main nav ol pre section summary table tbody td tfoot th thead title tr ul caption legend".split(" "),
);
// Control characters (removed from the page first) mark what the tags mean until the end:
/** Where a <pre> block goes back, verbatim. */
const PRE = "\u0000";
/** A line break. */
const LINE = "\u0001";
/** A paragraph break (blank line). Adjacent breaks merge into the strongest one. */
const PARAGRAPH = "\u0002";

/**
 * Readable text from HTML for the model: scripts, styles and markup gone, entities decoded,
 * whitespace collapsed as a browser would, with headings (as `#` lines), list items, table rows
 * and paragraphs on lines of their own, link text kept and <pre> blocks kept verbatim.
 * A regex pass, not a parser: enough for reading documentation and articles.
 */
export function htmlToText(html: string): string {
  const pres: string[] = [];
  const text = html
    .replace(/[\u0000-\u0002]/g, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "")
    .replace(/<[!?][^>]*>/g, "")
    .replace(DROPPED, "")
    .replace(/<pre\b[^>]*>([\s\S]*?)<\/pre\s*>/gi, (_, body: string) => {
      pres.push(decodeEntities(body.replace(TAG, "")).replace(/^\n/, "").trimEnd());
      return `${PARAGRAPH}${PRE}${pres.length - 1}${PRE}${PARAGRAPH}`;
    })
    // Source line breaks mean nothing in HTML; the tags decide where lines break.
    .replace(/\s+/g, " ")
    .replace(TAG, (_, closing: string, name: string) => tagBreak(name.toLowerCase(), closing === "/"))
    .replace(/[ \u0001\u0002]*[\u0001\u0002][ \u0001\u0002]*/g, (run) => (run.includes(PARAGRAPH) ? "\n\n" : "\n"));
  return decodeEntities(text)
    .replace(/[ \u00a0]+/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .replace(new RegExp(`${PRE}(\\d+)${PRE}`, "g"), (_, i: string) => pres[Number(i)]!);
}

function tagBreak(name: string, closing: boolean): string {
  const heading = /^h([1-6])$/.exec(name);
  if (heading) return closing ? PARAGRAPH : `${PARAGRAPH}${"#".repeat(Number(heading[1]))} `;
  if (name === "li") return closing ? LINE : `${LINE}- `;
  // A <br> is a line break of its own: two of them leave a blank line.
  if (name === "br") return "\n";
  if (name === "p" || name === "hr" || name === "blockquote" || name === "table") return PARAGRAPH;
  if (name === "td" || name === "th") return closing ? "" : " | ";
  return BLOCKS.has(name) ? LINE : "";
}
