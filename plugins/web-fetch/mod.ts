import { definePlugin, type HttpClient, type HttpResponse, type ToolDefinition, type ToolResult } from "#plugin-api";
import { WEB_FETCH_DESCRIPTION } from "./description.ts";
import { htmlToMarkdown } from "./html-to-markdown.ts";

interface WebFetchInput {
  url: string;
  raw?: boolean;
}

export interface WebFetchOptions {
  /** Which resolved addresses may be contacted; tests widen it to reach a local server. */
  readonly allowAddress?: (ip: string) => boolean;
  /** For the whole redirect chain. */
  readonly timeoutMs?: number;
}

const TIMEOUT_MS = 15_000;
/** Download limit: HTML is several times longer than its text, which is capped separately. */
const MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024;
const ERROR_EXCERPT_CHARS = 500;
const TEXTUAL = /^$|^text\/|json|xml|javascript|ecmascript|yaml|toml|csv|markdown/;

export function webFetchTool(http: HttpClient, options: WebFetchOptions = {}): ToolDefinition<WebFetchInput> {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  return {
    name: "WebFetch",
    description: WEB_FETCH_DESCRIPTION,
    rerunnable: true,
    describe: (input) => `WebFetch ${input.url}`,
    parameters: {
      type: "object",
      properties: {
        url: { type: "string", minLength: 1, description: "The http:// or https:// URL to fetch." },
        raw: { type: "boolean", description: "Return HTML as it is instead of converting it to text (default false)." },
      },
      required: ["url"],
      additionalProperties: false,
    },
    classify: () => "read_only",
    async execute(input, ctx): Promise<ToolResult> {
      const start = URL.canParse(input.url) ? new URL(input.url) : null;
      if (!start || (start.protocol !== "http:" && start.protocol !== "https:")) {
        return { output: `Error: ${JSON.stringify(input.url)} is not an http:// or https:// URL.`, success: false };
      }
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = AbortSignal.any([ctx.signal, timeout]);
      try {
        // The address policy (ipaddr.js) loads with the first fetch, not with Ursa.
        const { fetchFollowingRedirects } = await import("./fetch-chain.ts");
        const allowAddress = options.allowAddress ?? (await import("./address-policy.ts")).isPublicAddress;
        const fetched = await fetchFollowingRedirects(http, start, { signal, maxBytes: MAX_DOWNLOAD_BYTES, allowAddress });
        if (!fetched.ok) return { output: `Error: ${fetched.error}`, success: false };
        return present(fetched.response, fetched.url, fetched.redirects, input, ctx.caps.webBodyChars);
      } catch (error) {
        // An interrupted turn is the engine's business; only our own timeout is reported here.
        if (ctx.signal.aborted) throw error;
        if (timeout.aborted) return { output: `Error: fetching ${start.href} timed out after ${timeoutMs / 1000} s.`, success: false };
        return { output: `Error: fetching ${start.href} failed: ${(error as Error).message}`, success: false };
      }
    },
  };
}

async function present(response: HttpResponse, url: string, redirects: number, input: WebFetchInput, maxChars: number): Promise<ToolResult> {
  const type = (response.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  const html = type.includes("html") || (type === "" && /^\s*<(?:!doctype html|html)/i.test(response.body));
  const textual = TEXTUAL.test(type);
  const text = html && !input.raw ? await htmlToMarkdown(response.body) : response.body;
  if (response.status < 200 || response.status > 299) {
    const excerpt = textual ? text.trim().slice(0, ERROR_EXCERPT_CHARS) : "";
    return { output: `Error: ${url} returned HTTP ${response.status}.${excerpt ? `\n\n${excerpt}` : ""}`, success: false };
  }
  if (!textual) return { output: `Error: ${url} is ${type}, not text; its content is not shown.`, success: false };
  const via = redirects > 0 ? `, redirected from ${input.url}` : "";
  const header = `${url} (HTTP ${response.status}${type ? `, ${type}` : ""}${via})`;
  const notes: string[] = [];
  if (text.length > maxChars) notes.push(`[TRUNCATED: the ${html && !input.raw ? "page text" : "body"} is ${text.length} characters; showed the first ${maxChars}.]`);
  if (response.truncated) notes.push(`[TRUNCATED: the download stopped at ${MAX_DOWNLOAD_BYTES} bytes.]`);
  const body = text.slice(0, maxChars);
  return { output: [header, "", body, ...(notes.length ? ["", ...notes] : [])].join("\n"), success: true };
}

export default definePlugin({
  id: "ursa.web-fetch",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(webFetchTool(ctx.http));
  },
});
