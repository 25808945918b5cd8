/** How long one request may take before it counts as a dead network. */
const REQUEST_TIMEOUT_MS = 60_000;
/** A plugin is one bundled file; a larger download is refused rather than held in memory. */
const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

/** Downloads a URL into memory; any failure is one line naming the URL. */
export async function fetchBytes(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Uint8Array> {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
  const response = await get(url, headers, deadline);
  if (Number(response.headers.get("content-length") ?? 0) > MAX_DOWNLOAD_BYTES) {
    await response.body?.cancel();
    throw new Error(`${url} is larger than ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MiB; a plugin should be one bundled file`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body ?? []) {
      total += chunk.byteLength;
      if (total > MAX_DOWNLOAD_BYTES) throw new Error(`${url} is larger than ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MiB; a plugin should be one bundled file`);
      chunks.push(chunk);
    }
  } catch (error) {
    throw failure(url, error, signal, deadline);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Downloads and parses a JSON document; 404 comes back as null so the caller can say what was missing. */
export async function fetchJson(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<unknown | null> {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
  const response = await get(url, { accept: "application/json", ...headers }, deadline, true);
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw failure(url, error, signal, deadline);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${url} did not answer with JSON`);
  }
}

async function get(url: string, headers: Record<string, string>, deadline: AbortSignal, allow404 = false): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: deadline, redirect: "follow" });
  } catch (error) {
    throw failure(url, error, undefined, deadline);
  }
  if (response.ok || (allow404 && response.status === 404)) return response;
  await response.body?.cancel();
  const hint = response.status === 401 || response.status === 403 ? " (check the token for this registry in .npmrc)" : "";
  throw new Error(`${url} answered ${response.status} ${response.statusText}${hint}`);
}

function failure(url: string, error: unknown, signal: AbortSignal | undefined, deadline: AbortSignal): Error {
  if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new Error("interrupted");
  if (error instanceof Error && error.message.includes("is larger than")) return error;
  if (deadline.aborted && (deadline.reason as Error | undefined)?.name === "TimeoutError") return new Error(`${url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
  if (deadline.aborted) return deadline.reason instanceof Error ? deadline.reason : new Error("interrupted");
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return new Error(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
}
