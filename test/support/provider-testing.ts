import { createServer } from "node:net";
import type { StreamChunk } from "../../core/ports/llm-provider.ts";

/** Everything a provider stream yields, and the error it ended with (undefined when it finished). */
export async function collect(stream: AsyncIterable<StreamChunk>): Promise<{ chunks: StreamChunk[]; error: unknown }> {
  const chunks: StreamChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

/** The text (or thinking) the chunks carry, joined. */
export function textOf(chunks: readonly StreamChunk[], type: "text_delta" | "thinking_delta" = "text_delta"): string {
  return chunks.map((c) => (c.type === type ? c.text : "")).join("");
}

/** A port nothing listens on: bound, then released, so connecting is refused. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A URL on a port nothing listens on. */
export async function unusedLocalUrl(): Promise<string> {
  return `http://127.0.0.1:${await closedPort()}`;
}
