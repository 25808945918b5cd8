/**
 * A local server speaking the Anthropic Messages wire format (SSE), so the provider adapter is
 * tested with the real SDK. In-process: `startAnthropicWireServer()`. Standalone, for end-to-end
 * CLI tests:
 *   node_modules/.bin/tsx test/wire/anthropic-wire-server.ts --script responses.json --port-file port.txt [--record requests.jsonl]
 */
import type { ServerResponse } from "node:http";
import {
  pause, publishPort, readStandaloneArgs, recordTo, send, startRecordingServer,
  type RecordedRequest, type RecordingServer, type RecordingServerOptions,
  breakStream, runIfEntryPoint, splitInThree,
} from "./recording-http-server.ts";

import { CacheLedger } from "./anthropic-cache-ledger.ts";

export type { RecordedRequest } from "./recording-http-server.ts";

/** A content block of a scripted reply; text, thinking and tool input are streamed in several deltas. */
export type AnthropicWireBlock =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "thinking"; readonly thinking: string; readonly signature: string }
  /** `input` is serialised and streamed as partial JSON; `rawJson` streams that text verbatim instead. */
  | { readonly type: "tool_use"; readonly id: string; readonly name: string; readonly input?: unknown; readonly rawJson?: string };

/** Usage in wire terms; input and cache counts go in message_start, output counts in message_delta. */
export interface AnthropicWireUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_read_input_tokens?: number;
  readonly cache_creation_input_tokens?: number;
  readonly thinking_tokens?: number;
}

/** How a stream goes wrong once `afterBlocks` content blocks were sent (0: right after message_start). */
export type AnthropicWireInterruption =
  | { readonly kind: "error_event"; readonly afterBlocks: number; readonly errorType: string; readonly message: string }
  | { readonly kind: "malformed_event"; readonly afterBlocks: number }
  /** Destroys the socket. */
  | { readonly kind: "drop"; readonly afterBlocks: number }
  /** Ends the HTTP body cleanly but without message_delta / message_stop. */
  | { readonly kind: "truncate"; readonly afterBlocks: number }
  /** Sends nothing more and keeps the connection open until the client leaves. */
  | { readonly kind: "stall"; readonly afterBlocks: number };

export interface AnthropicWireMessage {
  readonly type: "message";
  readonly blocks: readonly AnthropicWireBlock[];
  readonly usage?: AnthropicWireUsage;
  /** Defaults to "tool_use" when a tool_use block is present, else "end_turn". */
  readonly stopReason?: string;
  readonly interruption?: AnthropicWireInterruption;
  /** Pause before the response starts. */
  readonly delayMs?: number;
  /** Pause between SSE events. */
  readonly eventDelayMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface AnthropicWireHttpError {
  readonly type: "http_error";
  readonly status: number;
  /** Anthropic error type, e.g. "rate_limit_error", "overloaded_error". */
  readonly errorType: string;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

export type AnthropicWireResponse = AnthropicWireMessage | AnthropicWireHttpError;
/** Chooses the reply from the request, e.g. from its last message. */
export type AnthropicWireHandler = (body: unknown, request: RecordedRequest) => AnthropicWireResponse;

export interface AnthropicWireServer extends RecordingServer {
  /** Queues replies, served one per request in order. */
  enqueue(...responses: ReadonlyArray<AnthropicWireResponse | AnthropicWireHandler>): void;
  /** Each request's cache breakpoints and how much of its prompt an earlier breakpoint covers, in order. */
  readonly cache: CacheLedger;
}

export async function startAnthropicWireServer(options: RecordingServerOptions = {}): Promise<AnthropicWireServer> {
  const queue: Array<AnthropicWireResponse | AnthropicWireHandler> = [];
  const cache = new CacheLedger();
  const server = await startRecordingServer(async (request, res) => {
    if (request.path.endsWith("/messages")) cache.observe(request.body);
    // Like the real API: there is nothing at /v1/v1/… (a base URL that already ended in /v1).
    if (request.path.startsWith("/v1/v1/")) {
      writeJsonError(res, 404, "not_found_error", "Not Found");
      return;
    }
    const next = queue.shift();
    if (next === undefined) {
      writeJsonError(res, 500, "api_error", `anthropic wire server: no scripted response for ${request.method} ${request.path}`);
      return;
    }
    const response = typeof next === "function" ? next(request.body, request) : next;
    await pause(response.delayMs ?? 0, res);
    if (response.type === "http_error") writeJsonError(res, response.status, response.errorType, response.message, response.headers);
    else await streamMessage(res, response);
  }, options);
  return { ...server, cache, enqueue: (...responses) => void queue.push(...responses) };
}

function writeJsonError(res: ServerResponse, status: number, errorType: string, message: string, headers: Readonly<Record<string, string>> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "request-id": "req_wire", ...headers });
  res.end(JSON.stringify({ type: "error", error: { type: errorType, message } }));
}

async function streamMessage(res: ServerResponse, message: AnthropicWireMessage): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": "req_wire", ...message.headers });
  const usage = message.usage ?? { input_tokens: 10, output_tokens: 5 };
  const event = async (type: string, data: unknown): Promise<void> => {
    await pause(message.eventDelayMs ?? 0, res);
    await send(res, `event: ${type}\ndata: ${JSON.stringify({ type, ...(data as object) })}\n\n`);
  };
  const interruption = message.interruption;
  const interruptAt = (sentBlocks: number): boolean => interruption !== undefined && interruption.afterBlocks === sentBlocks;

  await event("message_start", {
    message: {
      id: "msg_wire", type: "message", role: "assistant", model: "claude-wire", content: [],
      stop_reason: null, stop_sequence: null,
      usage: {
        input_tokens: usage.input_tokens, output_tokens: 1,
        cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
        cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
      },
    },
  });
  await event("ping", {});
  for (const [index, block] of message.blocks.entries()) {
    if (interruptAt(index)) return interrupt(res, interruption!, event);
    await streamBlock(index, block, event);
  }
  if (interruptAt(message.blocks.length)) return interrupt(res, interruption!, event);
  const stopReason = message.stopReason ?? (message.blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn");
  await event("message_delta", {
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: {
      output_tokens: usage.output_tokens,
      ...(usage.thinking_tokens === undefined ? {} : { output_tokens_details: { thinking_tokens: usage.thinking_tokens } }),
    },
  });
  await event("message_stop", {});
  res.end();
}

type EventWriter = (type: string, data: unknown) => Promise<void>;

async function streamBlock(index: number, block: AnthropicWireBlock, event: EventWriter): Promise<void> {
  const delta = (payload: object): Promise<void> => event("content_block_delta", { index, delta: payload });
  switch (block.type) {
    case "text":
      await event("content_block_start", { index, content_block: { type: "text", text: "", citations: null } });
      for (const part of splitInThree(block.text)) await delta({ type: "text_delta", text: part });
      break;
    case "thinking":
      await event("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } });
      for (const part of splitInThree(block.thinking)) await delta({ type: "thinking_delta", thinking: part });
      await delta({ type: "signature_delta", signature: block.signature });
      break;
    case "tool_use": {
      await event("content_block_start", { index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } });
      // Like the real API, the first partial is empty.
      await delta({ type: "input_json_delta", partial_json: "" });
      const json = block.rawJson ?? JSON.stringify(block.input ?? {});
      for (const part of splitInThree(json)) await delta({ type: "input_json_delta", partial_json: part });
      break;
    }
  }
  await event("content_block_stop", { index });
}

async function interrupt(res: ServerResponse, interruption: AnthropicWireInterruption, event: EventWriter): Promise<void> {
  switch (interruption.kind) {
    case "error_event":
      await event("error", { error: { type: interruption.errorType, message: interruption.message } });
      res.end();
      return;
    case "malformed_event":
      await send(res, "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0,\n\n");
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
  const server = await startAnthropicWireServer(args.recordFile === undefined ? {} : { onRequest: recordTo(args.recordFile) });
  server.enqueue(...(args.script as AnthropicWireResponse[]));
  await publishPort(server, args.portFile);
}

runIfEntryPoint(import.meta.url, "anthropic wire server", main);
