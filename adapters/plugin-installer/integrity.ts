/**
 * Hashes in Subresource Integrity form ("sha512-<base64>"), with WebCrypto so the same code
 * runs on Node and Deno. sha512 of a tarball is what npm puts in `dist.integrity` and prints
 * from `npm pack`; sha256 is enough for the per-file hashes checked at every load.
 */
export async function sriOf(algorithm: "sha512" | "sha256", bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest(algorithm === "sha512" ? "SHA-512" : "SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return `${algorithm}-${Buffer.from(digest).toString("base64")}`;
}

/** The sha512 value of an SRI string that may list several hashes ("sha1-… sha512-…"); null if it has none. */
export function sha512Of(integrity: string): string | null {
  return integrity.split(/\s+/).find((part) => part.startsWith("sha512-"))?.replace(/\?.*$/, "") ?? null;
}

/** Shortens an SRI for a line of text: "sha512-3N8h…OTA=". */
export function shortIntegrity(integrity: string): string {
  return integrity.length <= 24 ? integrity : `${integrity.slice(0, 12)}…${integrity.slice(-4)}`;
}
