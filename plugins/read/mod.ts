import { definePlugin, textDigest, type FileSystem, type ToolDefinition } from "#plugin-api";
import { READ_DESCRIPTION } from "./description.ts";


interface ReadInput {
  file_path: string;
  start_line?: number;
  num_lines?: number;
}

export function readTool(fs: FileSystem): ToolDefinition<ReadInput> {
  return {
    name: "Read",
    description: READ_DESCRIPTION,
    aliases: ["read_file", "cat", "view"],
    rerunnable: true,
    describe: (input) => `Read ${input.file_path}`,
    parameters: {
      type: "object",
      properties: {
        file_path: { type: "string", minLength: 1, description: "Path of the file, absolute or relative to the project root." },
        start_line: { type: "integer", minimum: 1, description: "First line to read (1-based)." },
        num_lines: { type: "integer", minimum: 1, description: "How many lines to read from start_line." },
      },
      required: ["file_path"],
      additionalProperties: false,
    },
    classify: () => "read_only",
    paths: (input) => [input.file_path],
    async execute(input, ctx) {
      const path = ctx.resolvePath(input.file_path);
      const stat = await fs.stat(path, ctx.signal);
      if (!stat) return { output: `Error: ${input.file_path} does not exist.`, success: false };
      if (stat.kind === "directory") return { output: `Error: ${input.file_path} is a directory; use List to see its entries.`, success: false };
      const text = await fs.readText(path, ctx.signal);
      if (input.start_line !== undefined || input.num_lines !== undefined) return readRange(text, input, path);
      // Keyed by the real path, as the engine keys the ledger's writers. The digest covers the
      // whole file even when the output is truncated: Edit asks whether the file changed since
      // the model looked at it, and the truncation note already says how to see the rest.
      ctx.files.noteRead(await fs.realPath(path, ctx.signal), await textDigest(text));
      const limit = ctx.caps.readBytes;
      if (text.length <= limit) return { output: text, success: true };
      return {
        output: `${text.slice(0, limit)}\n\n[TRUNCATED: file is ${text.length} characters; showed the first ${limit}. Use start_line/num_lines to read the rest.]`,
        success: true,
      };
    },
  };
}

function readRange(text: string, input: ReadInput, path: string) {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const start = input.start_line ?? 1;
  if (start > lines.length) {
    return { output: `Error: ${path} has ${lines.length} lines; start_line ${start} is past the end.`, success: false };
  }
  const end = Math.min(lines.length, start - 1 + (input.num_lines ?? lines.length));
  const body = lines.slice(start - 1, end).join("\n");
  const more = end < lines.length ? `\n\n[Lines ${start}-${end} of ${lines.length}. ${lines.length - end} more lines follow.]` : "";
  return { output: body + more, success: true };
}

export default definePlugin({
  id: "ursa.read",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(readTool(ctx.fs));
  },
});
