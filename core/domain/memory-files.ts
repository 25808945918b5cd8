/**
 * Where standing instructions live. The first of these that exists in the project root is
 * the project memory (other agents' files are honoured, so a project needs only one);
 * `URSA.md` is created when none exists. Global memory is `memory.md` in Ursa's data directory.
 */
export const PROJECT_MEMORY_FILES = ["URSA.md", "AGENTS.md", "CLAUDE.md"] as const;
export const GLOBAL_MEMORY_FILE = "memory.md";
