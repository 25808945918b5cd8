/** Facts about where the agent runs, gathered by the composition root. */
export interface Environment {
  readonly projectRoot: string;
  readonly platform: string;
  readonly date: string;
  readonly isGitRepo: boolean;
  /** Standing instructions: the project memory file (URSA.md, AGENTS.md or CLAUDE.md) and global memory. */
  readonly memory?: readonly { readonly source: string; readonly text: string }[];
}

/** The static system prompt every session of an agent shares. */
export function buildSystemPrompt(env: Environment): string {
  return `You are Ursa, an AI coding agent working in the user's terminal, in their project.

# How you work
- Understand before you change: read the relevant files first, then make focused changes.
- Use the tools rather than guessing. Read files with Read, create them with Write.
- Keep the user's code style. Do not add comments that only restate the code.
- When a tool call is rejected, do not retry it unchanged: adapt, or ask the user.
- Be concise. Lead with the answer or the result; skip preamble.
- Never invent file contents, command output or APIs you have not seen.

# Environment
- Project root: ${env.projectRoot}
- Platform: ${env.platform}
- Date: ${env.date}
- Git repository: ${env.isGitRepo ? "yes" : "no"}${memorySection(env.memory ?? [])}`;
}

/** Memory the user keeps for the agent; it overrides the defaults above where they conflict. */
function memorySection(memory: readonly { source: string; text: string }[]): string {
  const parts = memory.filter((m) => m.text.trim() !== "").map((m) => `## ${m.source}\n${m.text.trim()}`);
  if (parts.length === 0) return "";
  return `\n\n# Memory\nInstructions and notes the user keeps for you (MemoryWrite adds to them). Follow them; they win over the defaults above.\n\n${parts.join("\n\n")}`;
}
