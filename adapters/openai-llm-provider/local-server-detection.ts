import { fetchJson, isObject } from "./fetch-json.ts";
import { findOpenAiCompatibleProvider, OPENAI_COMPATIBLE_PROVIDERS } from "./openai-compatible-providers.ts";

/** A local server that answered, with the models it offers. */
export interface DetectedServer {
  /** The provider name to pass on: "ollama", "lmstudio"… */
  readonly name: string;
  readonly label: string;
  readonly baseUrl: string;
  readonly models: readonly string[];
}

export interface DetectOptions {
  /** Host names to look on, each at every local server's default port. Default: localhost. */
  readonly hosts?: readonly string[];
  /** Exactly these servers instead of the defaults, e.g. a server on an unusual port. */
  readonly servers?: ReadonlyArray<{ readonly name: string; readonly baseUrl: string }>;
  /** Per server; default and maximum 300 ms, since a user is waiting on the first-run screen. */
  readonly timeoutMs?: number;
}

const MAX_TIMEOUT_MS = 300;

/**
 * Asks every local server's default address for GET /models, all at once, and returns those that
 * answer with a model list, in the table's order. Costs up to `timeoutMs` and opens connections, so
 * it runs when the user is choosing a provider, never at startup. Never throws except for an abort.
 */
export async function detectLocalServers(signal: AbortSignal, options: DetectOptions = {}): Promise<DetectedServer[]> {
  const timeoutMs = Math.min(options.timeoutMs ?? MAX_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const candidates = options.servers ?? defaultCandidates(options.hosts ?? ["localhost"]);
  const answers = await Promise.all(candidates.map(async ({ name, baseUrl }): Promise<DetectedServer | undefined> => {
    const root = baseUrl.replace(/\/+$/, "");
    try {
      const models = modelIds(await fetchJson(`${root}/models`, { signal, timeoutMs }));
      const label = findOpenAiCompatibleProvider(name)?.label ?? name;
      return models === undefined ? undefined : { name, label, baseUrl: root, models };
    } catch {
      return undefined;
    }
  }));
  signal.throwIfAborted();
  return answers.filter((server) => server !== undefined);
}

function defaultCandidates(hosts: readonly string[]): Array<{ name: string; baseUrl: string }> {
  return hosts.flatMap((host) => OPENAI_COMPATIBLE_PROVIDERS.filter((provider) => provider.local).map((provider) => {
    const url = new URL(provider.baseUrl);
    url.hostname = host;
    return { name: provider.name, baseUrl: url.toString() };
  }));
}

/** The ids of an OpenAI-style model list; undefined for anything else answering on that port. */
function modelIds(list: unknown): string[] | undefined {
  const data = isObject(list) ? list["data"] : undefined;
  if (!Array.isArray(data)) return undefined;
  return data.flatMap((entry) => (isObject(entry) && typeof entry["id"] === "string" ? [entry["id"]] : []));
}
