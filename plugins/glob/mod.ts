import picomatch from "picomatch";
import { definePlugin, projectWalk, relativePath, resolvePath, type FileSystem, type ToolDefinition } from "#plugin-api";
import { GLOB_DESCRIPTION } from "./description.ts";
import { walkPlan } from "./walk-plan.ts";

interface GlobInput {
  pattern: string;
  file_path?: string;
}

export function globTool(fs: FileSystem): ToolDefinition<GlobInput> {
  return {
    name: "Glob",
    description: GLOB_DESCRIPTION,
    aliases: ["find_files"],
    rerunnable: true,
    describe: (input) => `Glob ${input.pattern}`,
    parameters: {
      type: "object",
      properties: {
        pattern: { type: "string", minLength: 1, description: 'Glob pattern relative to the base directory, e.g. "**/*.ts" or "src/**/*.test.ts".' },
        file_path: { type: "string", minLength: 1, description: "Base directory, absolute or relative to the project root (default: the project root)." },
      },
      required: ["pattern"],
      additionalProperties: false,
    },
    classify: () => "read_only",
    paths: (input) => [input.file_path ?? "."],
    async execute(input, ctx) {
      const given = input.file_path ?? ".";
      const base = ctx.resolvePath(given);
      const stat = await fs.stat(base, ctx.signal);
      if (!stat) return { output: `Error: ${given} does not exist.`, success: false };
      if (stat.kind !== "directory") return { output: `Error: ${given} is not a directory; file_path is the base directory of the search.`, success: false };
      const pattern = input.pattern.startsWith(`${base}/`) ? input.pattern.slice(base.length + 1) : input.pattern.replace(/^(\.\/)+/, "");
      if (pattern.startsWith("/") || pattern.split("/").includes("..")) {
        return { output: `Error: the pattern must be relative to ${given} and stay inside it; set file_path to search elsewhere.`, success: false };
      }
      const none = { output: `No files matched pattern ${input.pattern} in ${given === "." ? "the project root" : given}.`, success: true };
      const plan = walkPlan(pattern);
      const start = resolvePath(base, plan.start);
      if ((await fs.stat(start, ctx.signal))?.kind !== "directory") return none;
      const matches = picomatch(pattern, { dot: true });
      const cap = ctx.caps.globResults;
      const found: string[] = [];
      let capped = false;
      const walk = fs.walk(start, projectWalk(base, ctx.projectRoot, plan.maxDepth), ctx.signal);
      for await (const entry of walk) {
        if (entry.kind !== "file") continue;
        const path = relativePath(base, entry.path);
        if (!matches(path)) continue;
        if (found.length === cap) {
          capped = true;
          break;
        }
        found.push(path);
      }
      if (found.length === 0) return none;
      const note = capped ? `\n\n[CAPPED at ${cap} results. Narrow the pattern or the base directory.]` : "";
      return { output: `${found.length} ${found.length === 1 ? "file" : "files"} matched:\n${found.join("\n")}${note}`, success: true };
    },
  };
}

export default definePlugin({
  id: "ursa.glob",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(globTool(ctx.fs));
  },
});
