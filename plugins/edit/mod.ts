import { definePlugin, textDigest, relativePath, type DiffPreview, type FileSystem, type ToolContext, type ToolDefinition } from "#plugin-api";
import { applyReplacements, type Replacement } from "./apply-replacements.ts";
import { EDIT_DESCRIPTION } from "./description.ts";

import { stalenessError } from "./staleness.ts";
import { editDiff } from "./edit-diff.ts";

interface EditInput {
  file_path: string;
  replacements: Replacement[];
}

type Plan = { ok: true; path: string; key: string; before: string; after: string; count: number } | { ok: false; error: string };

export function editTool(fs: FileSystem): ToolDefinition<EditInput> {
  return {
    name: "Edit",
    description: EDIT_DESCRIPTION,
    aliases: ["edit_file", "str_replace", "replace"],
    describe: (input) => `Edit ${input.file_path}`,
    parameters: {
      type: "object",
      properties: {
        file_path: { type: "string", minLength: 1, description: "Path of the file, absolute or relative to the project root." },
        replacements: {
          type: "array",
          minItems: 1,
          description: "Applied in order; the file is written once, only if all succeed.",
          items: {
            type: "object",
            properties: {
              old_str: { type: "string", description: "Exact text to replace, whitespace included; must match once unless replace_all." },
              new_str: { type: "string", description: "The complete replacement text." },
              replace_all: { type: "boolean", description: "Replace every occurrence of old_str (default false)." },
            },
            required: ["old_str", "new_str"],
            additionalProperties: false,
          },
        },
      },
      required: ["file_path", "replacements"],
      additionalProperties: false,
    },
    classify: () => "local_mutation",
    paths: (input) => [input.file_path],
    async validate(input, ctx) {
      const plan = await planEdit(fs, input, ctx);
      return plan.ok ? null : plan.error;
    },
    async preview(input, ctx): Promise<DiffPreview | null> {
      // An edit that would fail has nothing to preview; running it reports why.
      const plan = await planEdit(fs, input, ctx);
      if (!plan.ok) return null;
      const { diff, truncated } = await editDiff(relativePath(ctx.projectRoot, plan.path), plan.before, plan.after);
      return { kind: "edit", path: plan.path, diff, truncated };
    },
    async execute(input, ctx) {
      const plan = await planEdit(fs, input, ctx);
      if (!plan.ok) return { output: `Error: ${plan.error}`, success: false };
      await fs.writeTextAtomic(plan.path, plan.after, ctx.signal);
      // The model chose this content, so it knows it: its next edit needs no Read first.
      ctx.files.noteRead(plan.key, await textDigest(plan.after));
      const { added, removed } = await editDiff(plan.path, plan.before, plan.after);
      return { output: `Edited ${plan.path}: ${plan.count} replacement${plan.count === 1 ? "" : "s"} (+${added} −${removed} lines)`, success: true };
    },
  };
}

/** Everything short of writing: the checks, and the new content. */
async function planEdit(fs: FileSystem, input: EditInput, ctx: ToolContext): Promise<Plan> {
  const path = ctx.resolvePath(input.file_path);
  const stat = await fs.stat(path, ctx.signal);
  if (!stat) return { ok: false, error: `${input.file_path} does not exist. To create it, use Write.` };
  if (stat.kind !== "file") return { ok: false, error: `${input.file_path} is not a regular file.` };
  // The ledger is keyed by real path, as Read notes it and as the engine records writers.
  const key = await fs.realPath(path, ctx.signal);
  const before = await fs.readText(path, ctx.signal);
  const stale = await stalenessError(ctx.files, key, before, input.file_path, Date.now());
  if (stale) return { ok: false, error: stale };
  const applied = applyReplacements(before, input.replacements);
  if (!applied.ok) return { ok: false, error: `${input.file_path}: ${applied.error}` };
  return { ok: true, path, key, before, after: applied.text, count: applied.count };
}

export default definePlugin({
  id: "ursa.edit",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(editTool(ctx.fs));
  },
});
