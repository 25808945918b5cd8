import { definePlugin, projectWalk, relativePath, type FileSystem, type ToolDefinition } from "#plugin-api";
import { LIST_DESCRIPTION } from "./description.ts";

interface ListInput {
  file_path?: string;
  recursive?: boolean;
}

export function listTool(fs: FileSystem): ToolDefinition<ListInput> {
  return {
    name: "List",
    description: LIST_DESCRIPTION,
    aliases: ["list_files", "list_dir", "ls", "list_directory"],
    rerunnable: true,
    describe: (input) => `List ${input.file_path ?? "."}`,
    parameters: {
      type: "object",
      properties: {
        file_path: { type: "string", minLength: 1, description: "Directory to list, absolute or relative to the project root (default: the project root)." },
        recursive: { type: "boolean", description: "List everything below the directory, not just its own entries (default false)." },
      },
      additionalProperties: false,
    },
    classify: () => "read_only",
    paths: (input) => [input.file_path ?? "."],
    async execute(input, ctx) {
      const given = input.file_path ?? ".";
      const dir = ctx.resolvePath(given);
      const stat = await fs.stat(dir, ctx.signal);
      if (!stat) return { output: `Error: ${given} does not exist.`, success: false };
      if (stat.kind !== "directory") return { output: `Error: ${given} is not a directory; use Read to see a file.`, success: false };
      const cap = ctx.caps.listEntries;
      const lines: string[] = [];
      let capped = false;
      const walk = fs.walk(dir, projectWalk(dir, ctx.projectRoot, input.recursive ? undefined : 1), ctx.signal);
      for await (const entry of walk) {
        if (lines.length === cap) {
          capped = true;
          break;
        }
        lines.push(relativePath(dir, entry.path) + (entry.kind === "directory" ? "/" : ""));
      }
      const body = lines.length === 0 ? "(empty)" : lines.join("\n");
      const note = capped ? `\n\n[CAPPED at ${cap} entries. List a subdirectory, or use Glob to find files by name.]` : "";
      return { output: `Listing: ${dir}\n${body}${note}`, success: true };
    },
  };
}

export default definePlugin({
  id: "ursa.list",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(listTool(ctx.fs));
  },
});
