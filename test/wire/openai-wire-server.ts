/**
 * A local server speaking OpenAI's Chat Completions wire format (SSE `data:` chunks ending in
 * `data: [DONE]`), plus the model-information endpoints of Ollama, LM Studio and llama.cpp, so the
 * OpenAI-compatible adapter is tested with the real SDK. In-process: `startOpenAiWireServer()`.
 * Standalone, for end-to-end CLI tests (the base URL is http://127.0.0.1:<port>/v1):
 *   node_modules/.bin/tsx test/wire/openai-wire-server.ts --script responses.json --port-file port.txt [--record requests.jsonl] [--models models.json]
 */
import type { ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import { answerModelEndpoint, type OpenAiWireModelInfo } from "./openai-wire-model-endpoints.ts";
import {
  pause, publishPort, readStandaloneArgs, recordTo, send, startRecordingServer,
  type RecordedRequest, type RecordingServer, type RecordingServerOptions,
  breakStream, runIfEntryPoint, splitInThree,
} from "./recording-http-server.ts";

export type { RecordedRequest } from "./recording-http-server.ts";
export type { OpenAiWireModel, OpenAiWireModelInfo } from "./openai-wire-model-endpoints.ts";

/** A tool call of a scripted reply; its arguments are streamed in several pieces unless `whole`. */
export interface OpenAiWireToolCall {
  /** Omitted from the wire when absent, as some local servers do. */
  readonly id?: string;
  readonly name: string;
  /** Serialised as the arguments JSON; `rawArguments` streams that text verbatim instead. */
  readonly arguments?: unknown;
  readonly rawArguments?: string;
  /** The whole call in one chunk, as Ollama sends it. */
  readonly whole?: boolean;
  /** Overrides the wire index (default: position in the list); some servers number every call 0. */
  readonly index?: number;
}

/** Usage in wire terms; `prompt_tokens` includes cached and cache-written tokens, as OpenAI counts them. */
export interface OpenAiWireUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly cached_tokens?: number;
  /** OpenRouter's count of tokens written to the cache. */
  readonly cache_write_tokens?: number;
  readonly reasoning_tokens?: number;
}

/**
 * How a stream goes wrong once `afterParts` parts were sent. Parts are, in order: the reasoning,
 * the text, then each tool call; 0 means right after the first (role) chunk.
 */
export type OpenAiWireInterruption =
  /** `data: {"error": …}`, as OpenAI and OpenRouter report failures mid-stream. */
  | { readonly kind: "error_chunk"; readonly afterParts: number; readonly error: Readonly<Record<string, unknown>> }
  | { readonly kind: "malformed_chunk"; readonly afterParts: number }
  /** Destroys the socket. */
  | { readonly kind: "drop"; readonly afterParts: number }
  /** Ends the HTTP body cleanly but without a finish_reason or [DONE]. */
  | { readonly kind: "truncate"; readonly afterParts: number }
  /** Sends nothing more and keeps the connection open until the client leaves. */
  | { readonly kind: "stall"; readonly afterParts: number };

export interface OpenAiWireCompletion {
  readonly type: "completion";
  readonly reasoning?: string;
  /** The delta field reasoning travels in: DeepSeek, vLLM and llama.cpp use `reasoning_content`, others `reasoning`. */
  readonly reasoningField?: "reasoning_content" | "reasoning";
  readonly text?: string;
  readonly toolCalls?: readonly OpenAiWireToolCall[];
  /** Default 10 in, 5 out. null: no usage chunk at all, as servers that ignore stream_options. */
  readonly usage?: OpenAiWireUsage | null;
  /** "separate": a final chunk with no choices (OpenAI); "with_finish": on the finish_reason chunk. */
  readonly usagePlacement?: "separate" | "with_finish";
  /** Defaults to "tool_calls" when tool calls are present, else "stop". */
  readonly finishReason?: string;
  readonly interruption?: OpenAiWireInterruption;
  /** Leaves out the final `data: [DONE]` while otherwise finishing normally. */
  readonly omitDone?: boolean;
  /** Pause before the response starts. */
  readonly delayMs?: number;
  /** Pause between SSE chunks. */
  readonly chunkDelayMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface OpenAiWireHttpError {
  readonly type: "http_error";
  readonly status: number;
  readonly message: string;
  /** OpenAI error type, e.g. "invalid_request_error"; code, e.g. "context_length_exceeded". */
  readonly errorType?: string;
  readonly code?: string | number | null;
  /** Sent verbatim instead of the JSON error body (HTML pages from proxies, plain-text errors). */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

export type OpenAiWireResponse = OpenAiWireCompletion | OpenAiWireHttpError;
/** Chooses the reply from the request, e.g. from its last message. */
export type OpenAiWireHandler = (body: unknown, request: RecordedRequest) => OpenAiWireResponse;

export interface OpenAiWireServer extends RecordingServer {
  /** The base URL the SDK is given: `${url}/v1`. */
  readonly baseUrl: string;
  /** Queues chat replies, served one per chat request in order. */
  enqueue(...responses: ReadonlyArray<OpenAiWireResponse | OpenAiWireHandler>): void;
  /** Chat completion requests only, without model-information calls. */
  chatRequests(): readonly RecordedRequest[];
}

export async function startOpenAiWireServer(
  options: RecordingServerOptions & { readonly modelInfo?: OpenAiWireModelInfo } = {},
): Promise<OpenAiWireServer> {
  const queue: Array<OpenAiWireResponse | OpenAiWireHandler> = [];
  const server = await startRecordingServer(async (request, res) => {
    if (answerModelEndpoint(request, res, options.modelInfo ?? { models: [] })) return;
    if (!isChatPath(request.path)) {
      writeJsonError(res, { type: "http_error", status: 404, message: `Unknown path ${request.method} ${request.path}`, errorType: "invalid_request_error" });
      return;
    }
    const next = queue.shift();
    if (next === undefined) {
      writeJsonError(res, { type: "http_error", status: 500, message: `openai wire server: no scripted response for ${request.method} ${request.path}`, errorType: "server_error" });
      return;
    }
    const response = typeof next === "function" ? next(request.body, request) : next;
    await pause(response.delayMs ?? 0, res);
    if (response.type === "http_error") writeJsonError(res, response);
    else await streamCompletion(res, response, request.body);
  }, options);
  return {
    ...server,
    baseUrl: `${server.url}/v1`,
    enqueue: (...responses) => void queue.push(...responses),
    chatRequests: () => server.requests.filter((request) => isChatPath(request.path)),
  };
}

function isChatPath(path: string): boolean {
  return /^(\/v1)?\/chat\/completions(\?|$)/.test(path);
}

function writeJsonError(res: ServerResponse, error: OpenAiWireHttpError): void {
  if (res.destroyed) return;
  const raw = error.rawBody !== undefined;
  res.writeHead(error.status, { "content-type": raw ? "text/html" : "application/json", "x-request-id": "req_wire", ...error.headers });
  res.end(raw ? error.rawBody : JSON.stringify({ error: { message: error.message, type: error.errorType ?? null, param: null, code: error.code ?? null } }));
}

type Delta = Readonly<Record<string, unknown>>;

async function streamCompletion(res: ServerResponse, reply: OpenAiWireCompletion, body: unknown): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-request-id": "req_wire", ...reply.headers });
  const model = (body as { model?: unknown } | null)?.model ?? "wire-model";
  const data = async (payload: unknown): Promise<void> => {
    await pause(reply.chunkDelayMs ?? 0, res);
    await send(res, `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`);
  };
  const chunk = (fields: Readonly<Record<string, unknown>>) => ({ id: "chatcmpl-wire", object: "chat.completion.chunk", created: 1_700_000_000, model, system_fingerprint: "fp_wire", ...fields });
  const choice = (delta: Delta, finishReason: string | null = null) => chunk({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });

  const parts: Array<() => Promise<void>> = [];
  if (reply.reasoning !== undefined) {
    const field = reply.reasoningField ?? "reasoning_content";
    const reasoning = reply.reasoning;
    parts.push(async () => {
      for (const piece of splitInThree(reasoning)) await data(choice({ content: null, [field]: piece }));
    });
  }
  if (reply.text !== undefined) {
    const text = reply.text;
    parts.push(async () => {
      for (const piece of splitInThree(text)) await data(choice({ content: piece }));
    });
  }
  for (const [position, call] of (reply.toolCalls ?? []).entries()) {
    parts.push(async () => {
      for (const delta of toolCallDeltas(call, call.index ?? position)) await data(choice({ tool_calls: [delta] }));
    });
  }

  await data(choice({ role: "assistant", content: "" }));
  const interruption = reply.interruption;
  for (const [index, part] of parts.entries()) {
    if (interruption?.afterParts === index) return interrupt(res, interruption, data);
    await part();
  }
  if (interruption?.afterParts === parts.length) return interrupt(res, interruption, data);

  const usage = reply.usage === undefined ? { prompt_tokens: 10, completion_tokens: 5 } : reply.usage;
  const finishReason = reply.finishReason ?? ((reply.toolCalls?.length ?? 0) > 0 ? "tool_calls" : "stop");
  const withFinish = usage !== null && reply.usagePlacement === "with_finish";
  await data({ ...choice({}, finishReason), ...(withFinish ? { usage: wireUsage(usage) } : {}) });
  if (usage !== null && !withFinish) await data(chunk({ choices: [], usage: wireUsage(usage) }));
  if (reply.omitDone !== true) await data("[DONE]");
  res.end();
}

function toolCallDeltas(call: OpenAiWireToolCall, index: number): Delta[] {
  const json = call.rawArguments ?? JSON.stringify(call.arguments ?? {});
  const head = { index, ...(call.id === undefined ? {} : { id: call.id }), type: "function" };
  if (call.whole === true) return [{ ...head, function: { name: call.name, arguments: json } }];
  // Like OpenAI: the first delta names the function with empty arguments, then the JSON follows in pieces.
  return [{ ...head, function: { name: call.name, arguments: "" } }, ...splitInThree(json).map((piece) => ({ index, function: { arguments: piece } }))];
}

function wireUsage(usage: OpenAiWireUsage): unknown {
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
    prompt_tokens_details: {
      cached_tokens: usage.cached_tokens ?? 0, audio_tokens: 0,
      ...(usage.cache_write_tokens === undefined ? {} : { cache_write_tokens: usage.cache_write_tokens }),
    },
    completion_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

async function interrupt(res: ServerResponse, interruption: OpenAiWireInterruption, data: (payload: unknown) => Promise<void>): Promise<void> {
  switch (interruption.kind) {
    case "error_chunk":
      await data({ error: interruption.error });
      res.end();
      return;
    case "malformed_chunk":
      await send(res, 'data: {"id": "chatcmpl-wire", "choices": [{"index": 0, "delta": {"content": "x"\n\n');
      res.end();
      return;
    case "drop":
    case "truncate":
    case "stall":
      return breakStream(res, interruption.kind);
  }
}

async function main(): Promise<void> {
  const args = await readStandaloneArgs(process.argv.slice(2));
  const modelsFile = process.argv[process.argv.indexOf("--models") + 1];
  const modelInfo = process.argv.includes("--models") && modelsFile !== undefined
    ? (JSON.parse(readFileSync(modelsFile, "utf8")) as OpenAiWireModelInfo)
    : undefined;
  const server = await startOpenAiWireServer({
    ...(args.recordFile === undefined ? {} : { onRequest: recordTo(args.recordFile) }),
    ...(modelInfo === undefined ? {} : { modelInfo }),
  });
  server.enqueue(...(args.script as OpenAiWireResponse[]));
  await publishPort(server, args.portFile);
}

runIfEntryPoint(import.meta.url, "openai wire server", main);
