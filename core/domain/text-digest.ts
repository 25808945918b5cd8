/**
 * SHA-256 of a text as lower-case hex: the digest the file ledger keeps so that Edit can tell
 * whether a file changed since the model last saw it. Web Crypto rather than node:crypto,
 * because plugins run on Node and Deno alike.
 */
export async function textDigest(text: string): Promise<string> {
  const hash = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("");
}
