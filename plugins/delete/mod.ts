import { definePlugin, isInside, splitLines, type DiffPreview, type FileSystem, type ToolContext, type ToolDefinition } from "#plugin-api";
import { countEntries } from "./count-entries.ts";
import { DELETE_DESCRIPTION } from "./description.ts";

interface DeleteInput {
  file_path: string;
  recursive?: boolean;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function deleteTool(fs: FileSystem): ToolDefinition<DeleteInput> {
  return {
    name: "Delete",
    description: DELETE_DESCRIPTION,
    aliases: ["delete_file", "remove", "rm"],
    describe: (input) => `Delete ${input.file_path}`,
    parameters: {
      type: "object",
      properties: {
        file_path: { type: "string", minLength: 1, description: "Path of the file or directory, absolute or relative to the project root." },
        recursive: { type: "boolean", description: "Required to delete a directory that is not empty, with everything in it (default false)." },
      },
      required: ["file_path"],
      additionalProperties: false,
    },
    classify: () => "destructive",
    paths: (input) => [input.file_path],
    async preview(input, ctx): Promise<DiffPreview | null> {
      const path = ctx.resolvePath(input.file_path);
      const stat = await fs.stat(path, ctx.signal);
      if (stat?.kind === "directory") {
        const { files, directories } = await countEntries(fs, path, ctx.signal);
        return { kind: "delete_dir", path, files, directories };
      }
      if (stat?.kind !== "file") return null;
      const lineCount = splitLines(await fs.readText(path, ctx.signal)).length;
      return { kind: "delete", path, lineCount, byteCount: stat.size };
    },
    async execute(input, ctx) {
      const path = ctx.resolvePath(input.file_path);
      const stat = await fs.stat(path, ctx.signal);
      if (!stat) return { output: `Error: ${input.file_path} does not exist.`, success: false };
      const refusal = await protectedRoot(fs, path, ctx);
      if (refusal) return { output: `Error: ${input.file_path} ${refusal}; it cannot be deleted.`, success: false };
      if (stat.kind !== "directory") {
        await fs.remove(path, { recursive: false }, ctx.signal);
        return { output: `Deleted file ${path} (${count(stat.size, "byte", "bytes")}).`, success: true };
      }
      const { files, directories } = await countEntries(fs, path, ctx.signal);
      const entries = files + directories;
      const contents = `${count(entries, "entry", "entries")} (${count(files, "file", "files")}, ${count(directories, "directory", "directories")})`;
      if (entries > 0 && !input.recursive) {
        return { output: `Error: ${input.file_path} is a directory with ${contents}. Set recursive: true to delete it and everything in it.`, success: false };
      }
      // Node's rm refuses any directory without recursive, even an empty one; emptiness was checked above.
      await fs.remove(path, { recursive: true }, ctx.signal);
      if (entries === 0) return { output: `Deleted empty directory ${path}.`, success: true };
      return { output: `Deleted directory ${path} with ${contents}.`, success: true };
    },
  };
}

/** Why the path may not go: it is `/`, the project root, or a directory holding the project. */
async function protectedRoot(fs: FileSystem, path: string, ctx: ToolContext): Promise<string | null> {
  const real = await fs.realPath(path, ctx.signal);
  const root = await fs.realPath(ctx.projectRoot, ctx.signal);
  if (real === "/") return "is the root of the file system";
  if (real === root) return "is the project root";
  return isInside(real, root) ? "contains the project root" : null;
}

export default definePlugin({
  id: "ursa.delete",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(deleteTool(ctx.fs));
  },
});
