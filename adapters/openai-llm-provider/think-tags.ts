import type { StreamChunk } from "../../core/ports/llm-provider.ts";

const OPEN = "<think>";
const CLOSE = "</think>";

/**
 * Local reasoning models (DeepSeek-R1, Qwen3 on Ollama, llama.cpp, LM Studio) put their
 * reasoning in the content, wrapped in `<think>…</think>` at the start of the reply. This turns
 * that part into thinking deltas, across chunk boundaries that may cut a tag in two. Only a
 * reply that opens with the tag is read this way, so text that merely mentions `<think>` stays text.
 */
export class ThinkTagSplitter {
  #state: "start" | "thinking" | "after" | "text" = "start";
  #pending = "";

  feed(text: string): StreamChunk[] {
    this.#pending += text;
    const out: StreamChunk[] = [];
    for (;;) {
      if (this.#state === "start") {
        const lead = this.#pending.trimStart();
        if (lead.startsWith(OPEN)) {
          this.#pending = lead.slice(OPEN.length);
          this.#state = "thinking";
        } else if (lead.length < OPEN.length && OPEN.startsWith(lead)) {
          return out; // Could still become the tag.
        } else {
          this.#state = "text";
        }
        continue;
      }
      if (this.#state === "thinking") {
        const end = this.#pending.indexOf(CLOSE);
        if (end >= 0) {
          if (end > 0) out.push({ type: "thinking_delta", text: this.#pending.slice(0, end) });
          this.#pending = this.#pending.slice(end + CLOSE.length);
          this.#state = "after";
          continue;
        }
        // Keep back what may be the start of the closing tag.
        const keep = partialSuffix(this.#pending, CLOSE);
        const ready = this.#pending.slice(0, this.#pending.length - keep);
        if (ready) out.push({ type: "thinking_delta", text: ready });
        this.#pending = this.#pending.slice(ready.length);
        return out;
      }
      if (this.#state === "after") {
        // The blank line models put between reasoning and answer is not part of the answer.
        this.#pending = this.#pending.replace(/^\s+/, "");
        if (this.#pending === "") return out;
        this.#state = "text";
        continue;
      }
      if (this.#pending) out.push({ type: "text_delta", text: this.#pending });
      this.#pending = "";
      return out;
    }
  }

  /** What is held back when the stream ends: a reply too short to tell, or an unclosed thought. */
  flush(): StreamChunk[] {
    const rest = this.#pending;
    this.#pending = "";
    if (!rest) return [];
    return [{ type: this.#state === "thinking" ? "thinking_delta" : "text_delta", text: rest }];
  }
}

/** The length of the longest end of `text` that begins `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) if (tag.startsWith(text.slice(-n))) return n;
  return 0;
}
