import { outputCapsFor } from "../../core/domain/output-caps.ts";
import { resolveUserPath } from "../../core/domain/paths.ts";
import type { TodoItem } from "../../core/domain/engine-event.ts";
import type { StoredMessage } from "../../core/domain/message.ts";
import type { FileLedger, ToolContext } from "../../core/ports/tool.ts";

/**
 * A ToolContext for testing a tool on its own, against a real directory. Session-scoped
 * capabilities are simple in-memory versions; the engine's real ones are tested with the engine.
 */
export function makeToolContext(projectRoot: string, options: Omit<Partial<ToolContext>, "history"> & { answers?: string[]; history?: StoredMessage[]; owned?: string[] } = {}) {
  const { answers, history, owned: ownedPaths, ...overrides } = options;
  const lines: { line: string; isStderr: boolean }[] = [];
  const questions: { question: string; options: readonly string[] }[] = [];
  let todos: TodoItem[] = [];
  const reads = new Map<string, { digest: string; at: number }>();
  const writers = new Map<string, { tool: string; at: number }>();
  const owned = new Set(ownedPaths ?? []);
  const files: FileLedger & { noteWrite(path: string, tool: string): void } = {
    noteRead: (path, digest) => void reads.set(path, { digest, at: Date.now() }),
    lastRead: (path) => reads.get(path),
    lastWriter: (path) => writers.get(path),
    isOwned: (path) => owned.has(path),
    noteWrite: (path, tool) => void writers.set(path, { tool, at: Date.now() }),
  };
  const ctx: ToolContext = {
    sessionId: "test-session",
    projectRoot,
    resolvePath: (path) => resolveUserPath(path, { root: projectRoot, home: "/home/test" }),
    signal: new AbortController().signal,
    caps: outputCapsFor(200_000),
    emitOutputLine: (line, isStderr) => void lines.push({ line, isStderr }),
    askUser: async (question, options) => {
      questions.push({ question, options });
      return answers?.shift() ?? "";
    },
    todos: {
      read: async () => todos,
      write: async (items) => {
        const changed = JSON.stringify(items) !== JSON.stringify(todos);
        todos = [...items];
        return { changed, diff: { added: changed ? [...items] : [], removed: [], changed: [] } };
      },
    },
    files,
    history: { all: async () => history ?? [] },
    ...overrides,
  };
  return { ctx, lines, questions, files };
}
