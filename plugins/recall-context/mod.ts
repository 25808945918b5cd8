import { definePlugin, type StoredMessage, type ToolDefinition } from "#plugin-api";

interface RecallInput {
  query?: string;
  turn?: number;
}

const MAX_MATCHES = 10;
const SNIPPET = 200;
const TURN_CHARS = 2_000;

export const recallContextTool: ToolDefinition<RecallInput> = {
  name: "RecallContext",
  description: `Search this session's whole history, including parts compacted away and the full output of
tool results that were truncated or cleared. Give a literal \`query\` (case-insensitive) to find where
something appeared, or a \`turn\` number (1 = the first user message) to re-read that exchange.`,
  parameters: {
    type: "object",
    properties: {
      query: { type: "string", minLength: 1 },
      turn: { type: "integer", minimum: 1 },
    },
    additionalProperties: false,
  },
  classify: () => "read_only",
  async execute(input, ctx) {
    if (input.query === undefined && input.turn === undefined) return { output: "Error: give a query or a turn number.", success: false };
    const all = await ctx.history.all();
    return input.turn !== undefined ? showTurn(all, input.turn) : search(all, input.query!);
  },
};

function textOf(m: StoredMessage): string {
  return m.fullContent ?? m.content ?? "";
}

function search(all: readonly StoredMessage[], query: string) {
  const needle = query.toLowerCase();
  const hits: string[] = [];
  let total = 0;
  let turn = 0;
  for (const m of all) {
    if (m.role === "user") turn++;
    const text = textOf(m);
    const at = text.toLowerCase().indexOf(needle);
    if (at < 0) continue;
    total++;
    if (hits.length >= MAX_MATCHES) continue;
    const start = Math.max(0, at - SNIPPET / 2);
    const snippet = text.slice(start, start + SNIPPET).replace(/\s+/g, " ");
    hits.push(`[turn ${turn}, ${m.role}${m.compactedAt !== null ? ", compacted" : ""}] …${snippet}…`);
  }
  if (total === 0) return { output: `No matches for "${query}" in this session's history.`, success: true };
  const more = total > hits.length ? `\n[${total - hits.length} more matches not shown; refine the query.]` : "";
  return { output: `${total} matches for "${query}":\n${hits.join("\n")}${more}`, success: true };
}

function showTurn(all: readonly StoredMessage[], n: number) {
  const starts = all.flatMap((m, i) => (m.role === "user" ? [i] : []));
  if (n > starts.length) return { output: `Error: this session has ${starts.length} turns.`, success: false };
  const rows = all.slice(starts[n - 1]!, starts[n] ?? all.length);
  const text = rows
    .map((m) => `[${m.role}] ${m.toolCalls.length > 0 ? `(calls ${m.toolCalls.map((c) => c.name).join(", ")}) ` : ""}${textOf(m)}`)
    .join("\n\n");
  return { output: text.length > TURN_CHARS ? `${text.slice(0, TURN_CHARS)}\n[…${text.length - TURN_CHARS} more characters]` : text, success: true };
}

export default definePlugin({
  id: "ursa.recall-context",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(recallContextTool);
  },
});
