/**
 * A local server speaking the Gemini API's streaming wire format
 * (`POST /v1beta/models/{model}:streamGenerateContent?alt=sse`), so the provider adapter is tested
 * with the real @google/genai SDK. In-process: `startGeminiWireServer()`. Standalone, for
 * end-to-end CLI tests:
 *   node_modules/.bin/tsx test/wire/gemini-wire-server.ts --script responses.json --port-file port.txt [--record requests.jsonl]
 */
import type { ServerResponse } from "node:http";
import {
  pause, publishPort, readStandaloneArgs, recordTo, send, startRecordingServer,
  type RecordedRequest, type RecordingServer, type RecordingServerOptions,
  breakStream, runIfEntryPoint, splitInThree,
} from "./recording-http-server.ts";

export type { RecordedRequest } from "./recording-http-server.ts";

/**
 * A part of a scripted reply. Text and thoughts are streamed in several events; adjacent function
 * calls travel together in one event, as Gemini sends parallel calls. A signature rides on the
 * first event of its part.
 */
export type GeminiWirePart =
  | { readonly type: "text"; readonly text: string; readonly signature?: string }
  | { readonly type: "thought"; readonly text: string; readonly signature?: string }
  /** `id` is left out by default: the Gemini API usually sends none. */
  | { readonly type: "function_call"; readonly name: string; readonly args?: unknown; readonly id?: string; readonly signature?: string };

/** usageMetadata in wire terms: promptTokenCount includes the cached tokens. */
export interface GeminiWireUsage {
  readonly promptTokenCount: number;
  readonly candidatesTokenCount: number;
  readonly cachedContentTokenCount?: number;
  readonly thoughtsTokenCount?: number;
}

/** How a stream goes wrong once `afterParts` scripted parts were sent. */
export type GeminiWireInterruption =
  /** A `data: {"error": {...}}` event, as Google reports failures inside a started stream. */
  | { readonly kind: "error_event"; readonly afterParts: number; readonly code: number; readonly status: string; readonly message: string }
  | { readonly kind: "malformed_event"; readonly afterParts: number }
  /** Destroys the socket. */
  | { readonly kind: "drop"; readonly afterParts: number }
  /** Ends the HTTP body cleanly but without a finishReason. */
  | { readonly kind: "truncate"; readonly afterParts: number }
  /** Sends nothing more and keeps the connection open until the client leaves. */
  | { readonly kind: "stall"; readonly afterParts: number };

export interface GeminiWireMessage {
  readonly type: "message";
  readonly parts: readonly GeminiWirePart[];
  readonly usage?: GeminiWireUsage;
  /** Sent with the last event; defaults to "STOP" (Gemini says STOP for tool calls too). */
  readonly finishReason?: string;
  /** Sent as `promptFeedback` of a reply without candidates, as for a blocked prompt. */
  readonly blockReason?: string;
  readonly interruption?: GeminiWireInterruption;
  /** Pause before the response starts. */
  readonly delayMs?: number;
  /** Pause between SSE events. */
  readonly eventDelayMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface GeminiWireHttpError {
  readonly type: "http_error";
  readonly status: number;
  /** The google.rpc status name, e.g. "RESOURCE_EXHAUSTED", "UNAVAILABLE". */
  readonly errorStatus: string;
  readonly message: string;
  /** google.rpc details, e.g. `{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "7s"}`. */
  readonly details?: readonly unknown[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

export type GeminiWireResponse = GeminiWireMessage | GeminiWireHttpError;
/** Chooses the reply from the request, e.g. from its last content. */
export type GeminiWireHandler = (body: unknown, request: RecordedRequest) => GeminiWireResponse;

export interface GeminiWireServer extends RecordingServer {
  /** Queues replies, served one per request in order. */
  enqueue(...responses: ReadonlyArray<GeminiWireResponse | GeminiWireHandler>): void;
}

const STREAM_PATH = /^\/v1beta\/models\/[^/:?]+:streamGenerateContent\?(.*&)?alt=sse(&|$)/;

export async function startGeminiWireServer(options: RecordingServerOptions = {}): Promise<GeminiWireServer> {
  const queue: Array<GeminiWireResponse | GeminiWireHandler> = [];
  const server = await startRecordingServer(async (request, res) => {
    if (request.method !== "POST" || !STREAM_PATH.test(request.path)) {
      writeJsonError(res, 404, "NOT_FOUND", `gemini wire server: only streamGenerateContent is served, not ${request.method} ${request.path}`);
      return;
    }
    const next = queue.shift();
    if (next === undefined) {
      writeJsonError(res, 500, "INTERNAL", `gemini wire server: no scripted response for ${request.method} ${request.path}`);
      return;
    }
    const response = typeof next === "function" ? next(request.body, request) : next;
    await pause(response.delayMs ?? 0, res);
    if (response.type === "http_error") {
      writeJsonError(res, response.status, response.errorStatus, response.message, response.details, response.headers);
    } else {
      await streamMessage(res, response);
    }
  }, options);
  return { ...server, enqueue: (...responses) => void queue.push(...responses) };
}

/** Google's error body: `{error: {code, message, status, details?}}`. */
function writeJsonError(
  res: ServerResponse, status: number, errorStatus: string, message: string,
  details?: readonly unknown[], headers: Readonly<Record<string, string>> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
  res.end(JSON.stringify({ error: { code: status, message, status: errorStatus, ...(details === undefined ? {} : { details }) } }));
}

type WirePart = Record<string, unknown>;

async function streamMessage(res: ServerResponse, message: GeminiWireMessage): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { "content-type": "text/event-stream", ...message.headers });
  const usage = message.usage ?? { promptTokenCount: 10, candidatesTokenCount: 5 };
  const event = async (data: unknown): Promise<void> => {
    await pause(message.eventDelayMs ?? 0, res);
    // Google separates events with CRLF pairs.
    await send(res, `data: ${JSON.stringify(data)}\r\n\r\n`);
  };
  if (message.blockReason !== undefined) {
    await event({ promptFeedback: { blockReason: message.blockReason }, usageMetadata: fullUsage(usage) });
    res.end();
    return;
  }
  const batches = eventBatches(message.parts, message.interruption?.afterParts);
  // Like the API, intermediate events report the prompt so far; the last one carries the totals.
  const interim = { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount };
  for (const [index, batch] of batches.entries()) {
    if (batch === "interrupt") return interrupt(res, message.interruption!, event);
    const last = index === batches.length - 1;
    await event({
      candidates: [{
        content: { role: "model", parts: batch },
        ...(last ? { finishReason: message.finishReason ?? "STOP" } : {}),
        index: 0,
      }],
      usageMetadata: last ? fullUsage(usage) : interim,
      modelVersion: "gemini-wire",
      responseId: "resp_wire",
    });
  }
  if (batches.length === 0) {
    await event({ candidates: [{ content: { role: "model", parts: [{ text: "" }] }, finishReason: message.finishReason ?? "STOP", index: 0 }], usageMetadata: fullUsage(usage) });
  }
  res.end();
}

/**
 * The parts of each SSE event, in order: text and thoughts in up to three pieces each, adjacent
 * function calls together; "interrupt" where the interruption falls (after `afterParts` parts).
 */
function eventBatches(parts: readonly GeminiWirePart[], interruptAfter: number | undefined): Array<WirePart[] | "interrupt"> {
  const batches: Array<WirePart[] | "interrupt"> = [];
  let calls: WirePart[] = [];
  const flushCalls = (): void => {
    if (calls.length > 0) batches.push(calls);
    calls = [];
  };
  for (const [index, part] of parts.entries()) {
    if (index === interruptAfter) {
      flushCalls();
      batches.push("interrupt");
      return batches;
    }
    if (part.type === "function_call") {
      const functionCall = { name: part.name, args: part.args ?? {}, ...(part.id === undefined ? {} : { id: part.id }) };
      calls.push({ functionCall, ...signed(part.signature) });
      continue;
    }
    flushCalls();
    // An empty part still goes out: Gemini sends signatures on empty text parts too.
    const pieces = splitInThree(part.text);
    for (const [at, piece] of (pieces.length === 0 ? [""] : pieces).entries()) {
      batches.push([{ text: piece, ...(part.type === "thought" ? { thought: true } : {}), ...(at === 0 ? signed(part.signature) : {}) }]);
    }
  }
  flushCalls();
  if (interruptAfter === parts.length) batches.push("interrupt");
  return batches;
}

function signed(signature: string | undefined): WirePart {
  return signature === undefined ? {} : { thoughtSignature: signature };
}

function fullUsage(usage: GeminiWireUsage): Record<string, number> {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  return {
    promptTokenCount: usage.promptTokenCount,
    candidatesTokenCount: usage.candidatesTokenCount,
    totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount + thoughts,
    ...(usage.cachedContentTokenCount === undefined ? {} : { cachedContentTokenCount: usage.cachedContentTokenCount }),
    ...(usage.thoughtsTokenCount === undefined ? {} : { thoughtsTokenCount: usage.thoughtsTokenCount }),
  };
}

async function interrupt(res: ServerResponse, interruption: GeminiWireInterruption, event: (data: unknown) => Promise<void>): Promise<void> {
  switch (interruption.kind) {
    case "error_event":
      await event({ error: { code: interruption.code, message: interruption.message, status: interruption.status } });
      res.end();
      return;
    case "malformed_event":
      await send(res, 'data: {"candidates": [{"content": {"parts": [{"text": "cut\r\n\r\n');
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
  const server = await startGeminiWireServer(args.recordFile === undefined ? {} : { onRequest: recordTo(args.recordFile) });
  server.enqueue(...(args.script as GeminiWireResponse[]));
  await publishPort(server, args.portFile);
}

runIfEntryPoint(import.meta.url, "gemini wire server", main);
