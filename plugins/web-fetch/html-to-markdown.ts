/**
 * Readable markdown from HTML for the model, by node-html-markdown (loaded on the first HTML
 * page): headings, lists, tables, links with their targets and code blocks survive; scripts,
 * styles and markup go. The page's <title>, which lives outside the body, comes first.
 */
type Translator = { translate(html: string): string };
let translator: Promise<Translator> | null = null;

export async function htmlToMarkdown(html: string): Promise<string> {
  translator ??= import("node-html-markdown").then(({ NodeHtmlMarkdown }) => new NodeHtmlMarkdown({ bulletMarker: "-", codeFence: "```", maxConsecutiveNewlines: 2 }));
  const t = await translator;
  const title = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html)?.[1];
  const body = t.translate(html).trim();
  const heading = title ? t.translate(title).replace(/\s+/g, " ").trim() : "";
  return heading && !body.startsWith(heading) ? `${heading}\n\n${body}` : body;
}
