import { createHash } from "node:crypto";

/** Which tool call ids a server accepts in history. */
export type ToolCallIdRule = "max40" | "alnum9";

const ALNUM9 = /^[a-zA-Z0-9]{9}$/;
const MAX_LENGTH = 40;

/**
 * The id to send for a tool call recorded under `id`, possibly by another provider. OpenAI
 * rejects ids longer than 40 characters and Mistral any id that is not 9 letters or digits, so
 * such ids are replaced by a digest: the same id always maps to the same replacement, which keeps
 * each call paired with its result.
 */
export function wireToolCallId(id: string, rule: ToolCallIdRule): string {
  if (rule === "alnum9") return ALNUM9.test(id) ? id : digest(id).slice(0, 9);
  return id.length <= MAX_LENGTH ? id : `call_${digest(id).slice(0, 24)}`;
}

function digest(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}
