import { definePlugin, globalMemoryPath, projectMemoryPath, readIfExists, relativePath, type FileSystem, type ToolDefinition } from "#plugin-api";

export function memoryReadTool(fs: FileSystem, dataDir: string): ToolDefinition<Record<string, never>> {
  return {
    name: "MemoryRead",
    description: "Read the standing instructions and notes kept for this project (URSA.md, AGENTS.md or CLAUDE.md) and for all projects.",
    parameters: { type: "object", properties: {}, additionalProperties: false },
    classify: () => "read_only",
    async execute(_input, ctx) {
      const projectPath = await projectMemoryPath(fs, ctx.projectRoot, ctx.signal);
      const project = await readIfExists(fs, projectPath, ctx.signal);
      const global = await readIfExists(fs, globalMemoryPath(dataDir), ctx.signal);
      const parts = [
        `# Project memory (${relativePath(ctx.projectRoot, projectPath)})\n${project?.trim() || "(empty)"}`,
        `# Global memory\n${global?.trim() || "(empty)"}`,
      ];
      return { output: parts.join("\n\n"), success: true };
    },
  };
}

export default definePlugin({
  id: "ursa.memory-read",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(memoryReadTool(ctx.fs, ctx.host.dataDir));
  },
});
