import picomatch from "picomatch";
import { basename, definePlugin, projectWalk, relativePath, type FileSystem, type ToolContext, type ToolDefinition } from "#plugin-api";
import { GREP_DESCRIPTION } from "./description.ts";
import { literalFinder, matchingLines } from "./matching-lines.ts";

interface GrepInput {
  pattern: string;
  file_path?: string;
  case_insensitive?: boolean;
  glob?: string;
}

const MAX_LINE_CHARS = 200;

export function grepTool(fs: FileSystem): ToolDefinition<GrepInput> {
  return {
    name: "Grep",
    description: GREP_DESCRIPTION,
    aliases: ["search", "search_files"],
    rerunnable: true,
    describe: (input) => `Grep ${input.pattern}`,
    parameters: {
      type: "object",
      properties: {
        pattern: { type: "string", minLength: 1, description: "The literal text to find (not a regular expression)." },
        file_path: { type: "string", minLength: 1, description: "File or directory to search, absolute or relative to the project root (default: the project root)." },
        case_insensitive: { type: "boolean", description: "Ignore case (default false)." },
        glob: { type: "string", minLength: 1, description: 'Only search files matching this glob, e.g. "*.ts" or "src/**/*.test.ts".' },
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
      const files = stat.kind === "directory" ? await filesBelow(fs, base, input.glob, ctx) : [base];
      const cap = ctx.caps.grepMatches;
      const find = literalFinder(input.pattern, input.case_insensitive === true);
      const lines: string[] = [];
      let fileCount = 0;
      let capped = false;
      for await (const file of fs.readTexts(files, ctx.signal)) {
        if (file.kind === "binary" && stat.kind === "file") return { output: `${given} is a binary file; Grep searches text only.`, success: true };
        if (file.kind !== "text") continue;
        // One more than fits tells whether the cap cut anything off.
        const found = matchingLines(file.text, find, cap + 1 - lines.length, MAX_LINE_CHARS);
        if (found.length === 0) continue;
        const shown = found.slice(0, cap - lines.length);
        if (shown.length > 0) fileCount++;
        const display = relativePath(ctx.projectRoot, file.path);
        for (const match of shown) lines.push(`${display}:${match.line}:${match.text}`);
        if (shown.length < found.length) {
          capped = true;
          break;
        }
      }
      if (lines.length === 0) {
        const filter = input.glob ? ` (files matching ${input.glob})` : "";
        return { output: `No matches for "${input.pattern}" in ${given === "." ? "the project root" : given}${filter}.`, success: true };
      }
      const header = `${plural(lines.length, "match", "matches")} (${plural(fileCount, "file", "files")}):`;
      const note = capped ? `\n\n[CAPPED at ${cap} matches. Narrow the pattern, the path or the glob to see the rest.]` : "";
      return { output: `${header}\n${lines.join("\n")}${note}`, success: true };
    },
  };
}

/** The files to search below `dir`, in walk order (sorted by path), kept by `glob` when given. */
async function filesBelow(fs: FileSystem, dir: string, glob: string | undefined, ctx: ToolContext): Promise<string[]> {
  const matches = glob ? picomatch(glob, { dot: true }) : null;
  // As in ripgrep, a glob without "/" matches the file name at any depth. (picomatch's own
  // `basename` option applies to globs with a "/" too, so it is done here.)
  const subject = glob?.includes("/") ? (path: string) => relativePath(dir, path) : basename;
  const files: string[] = [];
  for await (const entry of fs.walk(dir, projectWalk(dir, ctx.projectRoot), ctx.signal)) {
    if (entry.kind === "file" && (!matches || matches(subject(entry.path)))) files.push(entry.path);
  }
  return files;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export default definePlugin({
  id: "ursa.grep",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(grepTool(ctx.fs));
  },
});
