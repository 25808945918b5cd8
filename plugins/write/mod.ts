import { definePlugin, splitLines, textDigest, type DiffPreview, type FileSystem, type ToolDefinition } from "#plugin-api";
import { WRITE_DESCRIPTION } from "./description.ts";
import { overwriteDiff } from "./overwrite-diff.ts";

interface WriteInput {
  file_path: string;
  content: string;
  overwrite?: boolean;
}

const PREVIEW_LINES = 8;

export function writeTool(fs: FileSystem): ToolDefinition<WriteInput> {
  return {
    name: "Write",
    description: WRITE_DESCRIPTION,
    aliases: ["write_file", "create_file"],
    describe: (input) => `Write ${input.file_path}`,
    parameters: {
      type: "object",
      properties: {
        file_path: { type: "string", minLength: 1, description: "Path of the file, absolute or relative to the project root." },
        content: { type: "string", description: "The complete content of the file." },
        overwrite: { type: "boolean", description: "Replace the file if it exists (default false)." },
      },
      required: ["file_path", "content"],
      additionalProperties: false,
    },
    classify: () => "local_mutation",
    paths: (input) => [input.file_path],
    async preview(input, ctx): Promise<DiffPreview> {
      const path = ctx.resolvePath(input.file_path);
      const stat = await fs.stat(path, ctx.signal);
      if (stat?.kind === "file") {
        const old = await fs.readText(path, ctx.signal);
        return { kind: "write_overwrite", path, ...(await overwriteDiff(input.file_path, old, input.content)) };
      }
      // "a\nb\n" is two lines, not three: a final line break ends a line, it does not start one.
      const lines = splitLines(input.content);
      return {
        kind: "write_new",
        path,
        lineCount: lines.length,
        byteCount: new TextEncoder().encode(input.content).length,
        firstLines: lines.slice(0, PREVIEW_LINES),
        truncated: lines.length > PREVIEW_LINES,
      };
    },
    async execute(input, ctx) {
      const path = ctx.resolvePath(input.file_path);
      const stat = await fs.stat(path, ctx.signal);
      if (stat?.kind === "directory") return { output: `Error: ${input.file_path} is a directory.`, success: false };
      if (stat && !input.overwrite) {
        return { output: `Error: ${input.file_path} already exists. Use Edit to change it, or Write with overwrite: true to replace it.`, success: false };
      }
      await fs.writeTextAtomic(path, input.content, ctx.signal);
      // The model wrote this content, so it knows it: a later Edit needs no Read first.
      ctx.files.noteRead(await fs.realPath(path, ctx.signal), await textDigest(input.content));
      const bytes = new TextEncoder().encode(input.content).length;
      return { output: `${stat ? "Overwrote" : "Created"} ${path} (${bytes} bytes).`, success: true };
    },
  };
}

export default definePlugin({
  id: "ursa.write",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(writeTool(ctx.fs));
  },
});
