import { ProviderError, type ChatRequest, type LlmProvider, type StreamChunk } from "../../core/ports/llm-provider.ts";
import type { ProviderChoice, ProviderRegistry } from "../../core/ports/provider-registry.ts";
import type { Logger } from "../../core/ports/logger.ts";
import { describeCause } from "../../core/ports/provider-support.ts";

/**
 * Logs every model request's outcome: one line per attempt (a retried request logs each try),
 * with the status, the time to the first chunk and in all, the tokens, or the error's kind,
 * status and underlying cause, so that "details are in the log" is true.
 */
export class LoggingProvider implements LlmProvider {
  readonly #inner: LlmProvider;
  readonly #log: Logger;

  constructor(inner: LlmProvider, log: Logger) {
    this.#inner = inner;
    this.#log = log;
  }

  get name(): string {
    return this.#inner.name;
  }

  capabilities(model: string, signal: AbortSignal) {
    return this.#inner.capabilities(model, signal);
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<StreamChunk> {
    const started = Date.now();
    let firstChunkMs: number | null = null;
    const base = { provider: this.#inner.name, model: request.model, messages: request.messages.length, tools: request.tools.length };
    this.#log.debug("model request", base);
    try {
      for await (const chunk of this.#inner.stream(request, signal)) {
        firstChunkMs ??= Date.now() - started;
        if (chunk.type === "done") {
          const u = chunk.usage;
          this.#log.info("model request done", {
            ...base, status: "ok", ms: Date.now() - started, firstChunkMs,
            inputTokens: u.promptTokens, outputTokens: u.completionTokens, cacheReadTokens: u.cacheReadTokens, cacheCreationTokens: u.cacheCreationTokens, stopReason: u.stopReason,
          });
        }
        yield chunk;
      }
    } catch (error) {
      if (signal.aborted) this.#log.info("model request cancelled", { ...base, ms: Date.now() - started });
      else {
        this.#log.error("model request failed", {
          ...base, ms: Date.now() - started, firstChunkMs,
          ...(error instanceof ProviderError ? { kind: error.kind, status: error.status ?? null, retryable: error.retryable } : {}),
          error: (error as Error).message ?? String(error),
          cause: describeCause((error as Error).cause ?? error),
        });
      }
      throw error;
    }
  }
}

/** The registry whose providers log their requests. */
export function loggingRegistry(inner: ProviderRegistry, log: Logger): ProviderRegistry {
  return {
    names: () => inner.names(),
    ...(inner.models ? { models: (name: string, signal: AbortSignal) => inner.models!(name, signal) } : {}),
    resolve: async (name, model, signal): Promise<ProviderChoice> => {
      const choice = await inner.resolve(name, model, signal);
      return { ...choice, provider: new LoggingProvider(choice.provider, log) };
    },
  };
}
