import { definePlugin, globalMemoryPath, PROJECT_MEMORY_FILES, projectMemoryPath, readIfExists, relativePath, type FileSystem, type ToolDefinition } from "#plugin-api";

interface MemoryWriteInput {
  content: string;
  scope?: "project" | "global";
}

export function memoryWriteTool(fs: FileSystem, dataDir: string): ToolDefinition<MemoryWriteInput> {
  return {
    name: "MemoryWrite",
    description: `Remember a fact or instruction for later sessions by appending a bullet to the project memory file
(default) or to the global memory (scope "global", for every project). Use it for durable knowledge the user
wants kept (conventions, commands, preferences), not for the current task's notes.`,
    parameters: {
      type: "object",
      properties: {
        content: { type: "string", minLength: 1 },
        scope: { type: "string", enum: ["project", "global"] },
      },
      required: ["content"],
      additionalProperties: false,
    },
    classify: () => "local_mutation",
    // Which project file is written depends on which exists, so all candidates are declared (the
    // engine records only the one that changes, undoably). The global file is Ursa's own.
    paths: (input) => ((input.scope ?? "project") === "project" ? [...PROJECT_MEMORY_FILES] : []),
    async execute(input, ctx) {
      const path = (input.scope ?? "project") === "global" ? globalMemoryPath(dataDir) : await projectMemoryPath(fs, ctx.projectRoot, ctx.signal);
      const existing = (await readIfExists(fs, path, ctx.signal)) ?? "";
      const line = `- ${input.content.replace(/\s*\n\s*/g, " ").trim()}`;
      const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
      await fs.writeTextAtomic(path, `${existing}${separator}${line}\n`, ctx.signal);
      return { output: `Remembered in ${input.scope === "global" ? "global memory" : relativePath(ctx.projectRoot, path)}: ${line}`, success: true };
    },
  };
}

export default definePlugin({
  id: "ursa.memory-write",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(memoryWriteTool(ctx.fs, ctx.host.dataDir));
  },
});
