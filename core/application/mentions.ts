import { relativePath, resolvePath } from "../domain/paths.ts";
import type { FileSystem } from "../ports/file-system.ts";
import type { ImageData } from "../ports/llm-provider.ts";

const IMAGE_TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp" };
/** Larger text files are not inlined: the model can Read them in parts. */
const MAX_TEXT_BYTES = 100_000;
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** `@path`, with `\ ` for spaces in names (as terminals escape dropped files). */
const MENTION = /(^|\s)@((?:\\ |[^\s])+)/g;

/**
 * Attaches the files a prompt mentions as `@path`: text files are appended inside
 * `<file path="…">` blocks, images become image parts of the message. Mentions of paths that do
 * not exist (`@types/node`, an e-mail) are left as they are. Images are sent, not stored.
 */
export async function expandMentions(text: string, deps: { fs: FileSystem; projectRoot: string; signal: AbortSignal }): Promise<{ text: string; images: ImageData[] }> {
  const blocks: string[] = [];
  const images: ImageData[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    const written = match[2]!.replace(/\\ /g, " ").replace(/[.,;:!?)]+$/, "");
    const path = resolvePath(deps.projectRoot, written);
    if (seen.has(path)) continue;
    seen.add(path);
    const stat = await deps.fs.stat(path, deps.signal);
    if (stat?.kind !== "file") continue;
    const name = relativePath(deps.projectRoot, path);
    const mediaType = IMAGE_TYPES[path.slice(path.lastIndexOf(".") + 1).toLowerCase()];
    if (mediaType) {
      if (stat.size > MAX_IMAGE_BYTES) {
        blocks.push(`[${name}: image of ${stat.size} bytes not attached; the limit is ${MAX_IMAGE_BYTES}]`);
        continue;
      }
      images.push({ mediaType, base64: toBase64(await deps.fs.readBytes(path, deps.signal)) });
      continue;
    }
    if (stat.size > MAX_TEXT_BYTES) {
      blocks.push(`[${name}: ${stat.size} bytes, not attached; read it with Read]`);
      continue;
    }
    const content = await deps.fs.readText(path, deps.signal);
    if (content.includes("\u0000")) continue;
    blocks.push(`<file path="${name}">\n${content}${content.endsWith("\n") ? "" : "\n"}</file>`);
  }
  return { text: blocks.length > 0 ? `${text}\n\n${blocks.join("\n\n")}` : text, images };
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
