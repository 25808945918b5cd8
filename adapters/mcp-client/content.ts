import type { ToolResult } from "../../core/ports/tool.ts";
import type { McpResourceContent } from "../../core/domain/mcp.ts";
import { isRecord } from "./server-config.ts";

export type { McpResourceContent } from "../../core/domain/mcp.ts";

/**
 * A `tools/call` result as the model sees it: text blocks joined by newlines, binary content
 * summarised (the model cannot use base64), "(no output)" rather than an empty string.
 */
export function toolResultFrom(result: unknown): ToolResult {
  const record = isRecord(result) ? result : {};
  const blocks = Array.isArray(record["content"]) ? record["content"] : [];
  let text = blocks.map(contentText).join("\n");
  // Servers with an output schema may put everything in structuredContent.
  if (text === "" && record["structuredContent"] !== undefined) text = JSON.stringify(record["structuredContent"], null, 2);
  if (record["isError"] === true) return { output: `MCP tool error: ${text || "(no details)"}`, success: false };
  return { output: text || "(no output)", success: true };
}

/** One content block (tool result, prompt message) as text. */
export function contentText(block: unknown): string {
  if (!isRecord(block)) return "";
  switch (block["type"]) {
    case "text":
      return typeof block["text"] === "string" ? block["text"] : "";
    case "image":
    case "audio":
      return `[${block["type"]}: ${str(block["mimeType"], "unknown type")}, ${base64Bytes(block["data"])} bytes]`;
    case "resource_link":
      return `[resource: ${str(block["uri"], "?")}]`;
    case "resource": {
      const resource = isRecord(block["resource"]) ? block["resource"] : {};
      const marker = `[resource: ${str(resource["uri"], "?")}]`;
      // Embedded text is content the server chose to send; only binary content is summarised.
      return typeof resource["text"] === "string" ? `${marker}\n${resource["text"]}` : marker;
    }
    default:
      return `[${str(block["type"], "unknown")} content]`;
  }
}

/** A `resources/read` result's items. */
export function resourceContents(result: unknown): McpResourceContent[] {
  const contents = isRecord(result) && Array.isArray(result["contents"]) ? result["contents"] : [];
  return contents.filter(isRecord).map((c) => ({
    uri: str(c["uri"], ""),
    mimeType: typeof c["mimeType"] === "string" ? c["mimeType"] : null,
    text: typeof c["text"] === "string" ? c["text"] : null,
    bytes: typeof c["text"] === "string" ? null : base64Bytes(c["blob"]),
  }));
}

/** Resource contents as text to attach to a message: text as is, binary content as a summary line. */
export function resourceText(contents: readonly McpResourceContent[]): string {
  return contents.map((c) => c.text ?? `[resource: ${c.uri}, ${c.mimeType ?? "unknown type"}, ${c.bytes ?? 0} bytes]`).join("\n");
}

function base64Bytes(data: unknown): number {
  if (typeof data !== "string") return 0;
  const clean = data.replace(/\s/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function str(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}
