import type { ToolSchema } from "../ports/llm-provider.ts";
import type { SchemaValidator } from "../ports/schema-validator.ts";
import type { Tool } from "../ports/tool.ts";

/** A call the model made, resolved to a tool and a valid input, or the error the model should see. */
export type PreparedCall =
  | { readonly ok: true; readonly tool: Tool; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly error: string };

/** Where a tool comes from: built-in and plugin tools keep their registration order, MCP tools follow, sorted. */
export type ToolOrigin = "plugin" | "mcp";

// What every provider accepts as a function name.
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The tools one agent offers, by canonical name. Refuses a malformed tool definition at
 * registration, so it never reaches a provider; parses and validates calls before any
 * approval is asked, so the model hears about a malformed call at once.
 *
 * The model sees them in one order whatever happened at start-up: built-ins, then plugins
 * (both as registered, which is a fixed order), then MCP tools by server name and tool name,
 * not in the order their servers happened to connect. The tools are the first bytes of every
 * request, so a different order would miss the provider's prompt cache every time.
 */
export class ToolRegistry {
  readonly #tools = new Map<string, Tool>();
  /** Folded names and aliases → canonical name; a tool's own name wins over another's alias. */
  readonly #byFolded = new Map<string, string>();
  readonly #aliases = new Map<string, string>();
  readonly #mcp = new Set<string>();
  #ordered: Tool[] | null = null;
  readonly #schemas: SchemaValidator;

  constructor(schemas: SchemaValidator) {
    this.#schemas = schemas;
  }

  register(tool: Tool, origin: ToolOrigin = "plugin"): () => void {
    const problem = this.definitionProblem(tool);
    if (problem) throw new Error(problem);
    if (this.#tools.has(tool.name)) throw new Error(`a tool named ${tool.name} is already registered`);
    this.#tools.set(tool.name, tool);
    this.#byFolded.set(fold(tool.name), tool.name);
    const claimed = (tool.aliases ?? []).map(fold).filter((alias) => !this.#aliases.has(alias));
    for (const alias of claimed) this.#aliases.set(alias, tool.name);
    if (origin === "mcp") this.#mcp.add(tool.name);
    this.#ordered = null;
    return () => {
      if (this.#tools.get(tool.name) !== tool) return;
      this.#tools.delete(tool.name);
      this.#byFolded.delete(fold(tool.name));
      for (const alias of claimed) this.#aliases.delete(alias);
      this.#mcp.delete(tool.name);
      this.#ordered = null;
    };
  }

  #whenMissing: ((name: string, signal: AbortSignal) => Promise<void>) | null = null;

  /** Why a tool definition cannot be offered to a model (one line), or null. */
  definitionProblem(tool: { readonly name?: unknown; readonly description?: unknown; readonly parameters?: unknown }): string | null {
    const name = tool.name;
    if (typeof name !== "string" || !TOOL_NAME.test(name)) return `invalid tool name ${JSON.stringify(name)}: use 1 to 64 letters, digits, _ or -`;
    if (typeof tool.description !== "string") return `tool ${name}: its description must be a string`;
    const parameters = tool.parameters as Record<string, unknown> | null;
    if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) return `tool ${name}: its parameters must be a JSON Schema object`;
    if (parameters["type"] !== "object") return `tool ${name}: its parameters must describe an object ("type": "object")`;
    const schemaProblem = this.#schemas.schemaProblem(parameters);
    return schemaProblem ? `tool ${name}: its parameters are not a valid JSON Schema: ${schemaProblem}` : null;
  }

  get names(): string[] {
    return this.#inOrder().map((t) => t.name);
  }

  #inOrder(): Tool[] {
    if (this.#ordered) return this.#ordered;
    const all = [...this.#tools.values()];
    const mcp = all.filter((t) => this.#mcp.has(t.name)).sort((a, b) => compareMcpNames(a.name, b.name));
    this.#ordered = [...all.filter((t) => !this.#mcp.has(t.name)), ...mcp];
    return this.#ordered;
  }

  get(name: string): Tool | undefined {
    return this.#tools.get(this.canonicalName(name));
  }

  /** The canonical name for a model's variant (`read_file`, `READ` → `Read`); unknown names unchanged. */
  canonicalName(name: string): string {
    if (this.#tools.has(name)) return name;
    const folded = fold(name);
    return this.#byFolded.get(folded) ?? this.#aliases.get(folded) ?? name;
  }

  schemas(): ToolSchema[] {
    return this.#inOrder().map(({ name, description, parameters }) => ({ name, description, parameters }));
  }

  /**
   * Called for a tool name nobody has registered yet, to wait for a source that may still bring
   * it (an MCP server still starting); prepareWaiting then looks again.
   */
  whenMissing(waiter: (name: string, signal: AbortSignal) => Promise<void>): void {
    this.#whenMissing = waiter;
  }

  /** prepare, after waiting for a tool that may be on its way (see whenMissing). */
  async prepareWaiting(name: string, rawArguments: string, signal: AbortSignal): Promise<PreparedCall> {
    if (!this.get(name) && this.#whenMissing) await this.#whenMissing(name, signal);
    return this.prepare(name, rawArguments);
  }

  prepare(name: string, rawArguments: string): PreparedCall {
    const tool = this.get(name);
    if (!tool) {
      return { ok: false, error: `Error: unknown tool "${name}". Available tools: ${this.names.join(", ")}.` };
    }
    let input: unknown;
    try {
      // Models send empty arguments for parameterless calls; that means `{}`.
      input = rawArguments.trim() === "" ? {} : JSON.parse(rawArguments);
    } catch (error) {
      return { ok: false, error: `Error: invalid JSON arguments for ${tool.name}: ${(error as Error).message}. Send a JSON object matching the tool's schema.` };
    }
    const problems = this.#schemas.validate(tool.parameters, input);
    if (problems.length > 0) {
      return { ok: false, error: `Error: invalid arguments for ${tool.name}:\n${problems.map((p) => `- ${p}`).join("\n")}` };
    }
    return { ok: true, tool, input: input as Record<string, unknown> };
  }
}

/** `server__tool`: by server, then by tool (plain code-unit order, the same on every machine). */
function compareMcpNames(a: string, b: string): number {
  const [sa, ta] = splitMcpName(a);
  const [sb, tb] = splitMcpName(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function splitMcpName(name: string): [string, string] {
  const at = name.indexOf("__");
  return at < 0 ? [name, ""] : [name.slice(0, at), name.slice(at + 2)];
}

function fold(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, "");
}
