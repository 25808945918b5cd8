import { describe, expect, it } from "vitest";
import { htmlToMarkdown } from "./html-to-markdown.ts";

describe("htmlToMarkdown", () => {
  it("keeps the title, headings, paragraphs, lists, links with their targets and inline code; drops scripts, styles and comments", async () => {
    const html = `<!DOCTYPE html><html><head><title>Docs &amp; more</title><style>body { color: red }</style>
      <script>var secret = "<p>not text</p>";</script></head>
      <body><!-- hidden --><h1>Getting   started</h1>
      <p>Install with <code>npm&nbsp;i</code>, then read
      the <a href="/guide">guide</a>.</p>
      <ul><li>one<ul><li>nested</li></ul></li><li>two &lt;three&gt;</li></ul><h2>Next</h2><p>Done&#33; &#x1F43B;</p></body></html>`;
    const text = await htmlToMarkdown(html);
    expect(text).toBe("Docs & more\n\n# Getting started\n\nInstall with `npm i`, then read the [guide](/guide).\n\n- one\n  - nested\n- two <three>\n\n## Next\n\nDone! 🐻");
    expect(text).not.toContain("secret");
  });

  it("keeps code blocks fenced with their language, and tables as tables", async () => {
    expect(await htmlToMarkdown(`<p>Run:</p><pre><code class="language-js">if (a &lt; b) {\n    go();\n}</code></pre>`)).toBe("Run:\n\n```js\nif (a < b) {\n    go();\n}\n```");
    expect(await htmlToMarkdown("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")).toBe("| a | b |\n| - | - |\n| 1 | 2 |");
  });
});
