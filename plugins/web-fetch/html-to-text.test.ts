import { describe, expect, it } from "vitest";
import { decodeEntities } from "./html-entities.ts";
import { htmlToText } from "./html-to-text.ts";

describe("htmlToText", () => {
  it("keeps headings, paragraphs, list items and link text; drops scripts, styles, comments and tags", () => {
    const html = `<!DOCTYPE html><html><head><title>Docs &amp; more</title><style>body { color: red }</style>
      <script>var secret = "<p>not text</p>";</script></head>
      <body><!-- hidden --><h1>Getting   started</h1>
      <p>Install with <code>npm&nbsp;i</code>, then read
      the <a href="/guide" title="a > b">guide</a>.</p>
      <ul><li>one</li><li>two &lt;three&gt;</li></ul><h2>Next</h2><p>Done&#33; &#x1F43B;</p></body></html>`;
    expect(htmlToText(html)).toBe(
      "Docs & more\n\n# Getting started\n\nInstall with npm i, then read the guide.\n\n- one\n- two <three>\n\n## Next\n\nDone! 🐻",
    );
  });

  it("keeps <pre> blocks verbatim", () => {
    expect(htmlToText("<p>Run:</p><pre><code>if (a &lt; b) {\n    go();\n}</code></pre><p>after</p>")).toBe("Run:\n\nif (a < b) {\n    go();\n}\n\nafter");
  });

  it("puts table rows on their own lines", () => {
    expect(htmlToText("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")).toBe("| a | b\n| 1 | 2");
  });
});

describe("decodeEntities", () => {
  it("decodes named and numeric references and leaves unknown ones", () => {
    expect(decodeEntities("&lt;&AMP;&#65;&#x42;&hellip;&bogus;&#0;&#xD800;")).toBe("<&AB…&bogus;\uFFFD\uFFFD");
  });
});
