import type { ContextSource } from "./openai-compatible-providers.ts";
import { fetchJson, isObject, tokenCount } from "./fetch-json.ts";

/** Servers whose answer changes once the model is loaded, so it is asked afresh each time. */
export const ANSWER_CHANGES_ON_LOAD: ReadonlySet<ContextSource> = new Set(["ollama", "lmstudio"]);

/** What a server said about a model's limits; each part only when it said so. */
export interface ServerLimits {
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
}

export interface ServerQuery {
  /** The OpenAI-compatible base URL, e.g. http://localhost:11434/v1. */
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
}

/**
 * Asks the server for the model's limits where it reports them. Resolves to {} when the server
 * answered but knows nothing; rejects when it could not be asked (the caller falls back then).
 * Local servers report the context they actually run with, which can be far below what the model
 * was trained for: that is the window that matters, because they truncate rather than refuse.
 */
export async function serverLimits(source: ContextSource, model: string, query: ServerQuery): Promise<ServerLimits> {
  switch (source) {
    case "ollama": return ollamaLimits(model, query);
    case "lmstudio": return lmStudioLimits(model, query);
    case "llamacpp": return llamaCppLimits(query);
    case "models": return modelsListLimits(model, query);
    case "none": return {};
  }
}

/**
 * Ollama: a loaded model's context in GET /api/ps is what it runs with (set by num_ctx or
 * OLLAMA_CONTEXT_LENGTH, often far below what the model was trained for). Before it is loaded,
 * POST /api/show tells a `num_ctx` from the Modelfile, else the architecture's context_length.
 */
async function ollamaLimits(model: string, query: ServerQuery): Promise<ServerLimits> {
  const root = serverRoot(query.baseUrl);
  const [show, running] = await Promise.all([
    fetchJson(`${root}/api/show`, { ...query, body: { model } }),
    // Older servers lack /api/ps or its context_length; /api/show still answers.
    fetchJson(`${root}/api/ps`, query).catch(() => undefined),
  ]);
  const loaded = (isObject(running) && Array.isArray(running["models"]) ? running["models"] : [])
    .find((entry: unknown) => isObject(entry) && (entry["model"] === model || entry["name"] === model));
  const loadedContext = isObject(loaded) ? tokenCount(loaded["context_length"]) : undefined;
  if (!isObject(show)) return withContext(loadedContext);
  const numCtx = typeof show["parameters"] === "string" ? /^\s*num_ctx\s+(\d+)\s*$/m.exec(show["parameters"])?.[1] : undefined;
  const info = isObject(show["model_info"]) ? show["model_info"] : {};
  const architecture = info["general.architecture"];
  const trained = (typeof architecture === "string" ? tokenCount(info[`${architecture}.context_length`]) : undefined)
    ?? tokenCount(Object.entries(info).find(([key]) => key.endsWith(".context_length"))?.[1]);
  return withContext(loadedContext ?? tokenCount(numCtx) ?? trained);
}

/** GET /api/v0/models (the list, since model ids may hold slashes): the loaded context, else the model's maximum. */
async function lmStudioLimits(model: string, query: ServerQuery): Promise<ServerLimits> {
  const list = await fetchJson(`${serverRoot(query.baseUrl)}/api/v0/models`, query);
  const entry = entriesOf(list).find((e) => e["id"] === model);
  if (entry === undefined) return {};
  return withContext(tokenCount(entry["loaded_context_length"]) ?? tokenCount(entry["max_context_length"]));
}

/** GET /props: the context each slot of the running server has. */
async function llamaCppLimits(query: ServerQuery): Promise<ServerLimits> {
  const props = await fetchJson(`${serverRoot(query.baseUrl)}/props`, query);
  if (!isObject(props)) return {};
  const settings = isObject(props["default_generation_settings"]) ? props["default_generation_settings"] : {};
  return withContext(tokenCount(settings["n_ctx"]) ?? tokenCount(props["n_ctx"]));
}

/**
 * GET {baseUrl}/models: several servers put limits in their list entries, each under its own
 * name — vLLM `max_model_len`, OpenRouter and Together `context_length`, Groq `context_window`,
 * Mistral `max_context_length`; OpenRouter and Groq also give the output limit.
 */
async function modelsListLimits(model: string, query: ServerQuery): Promise<ServerLimits> {
  const entry = entriesOf(await fetchJson(`${query.baseUrl}/models`, query)).find((e) => e["id"] === model);
  if (entry === undefined) return {};
  const top = isObject(entry["top_provider"]) ? entry["top_provider"] : {};
  const contextWindow = tokenCount(entry["max_model_len"]) ?? tokenCount(entry["context_length"])
    ?? tokenCount(entry["context_window"]) ?? tokenCount(entry["max_context_length"]);
  const maxOutputTokens = tokenCount(top["max_completion_tokens"]) ?? tokenCount(entry["max_completion_tokens"]);
  return { ...withContext(contextWindow), ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }) };
}

function entriesOf(list: unknown): ReadonlyArray<Readonly<Record<string, unknown>>> {
  const data = isObject(list) ? list["data"] : undefined;
  return Array.isArray(data) ? data.filter(isObject) : [];
}

function withContext(contextWindow: number | undefined): ServerLimits {
  return contextWindow === undefined ? {} : { contextWindow };
}

/** The server's own root, where its native API lives: the base URL without its trailing /v1. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
}
