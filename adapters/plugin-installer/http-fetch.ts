/** Downloads a URL into memory; any failure is one line naming the URL. */
export async function fetchBytes(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Uint8Array> {
  const response = await get(url, headers, signal);
  return new Uint8Array(await response.arrayBuffer());
}

/** Downloads and parses a JSON document; 404 comes back as null so the caller can say what was missing. */
export async function fetchJson(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<unknown | null> {
  const response = await get(url, { accept: "application/json", ...headers }, signal, true);
  if (response.status === 404) return null;
  try {
    return await response.json();
  } catch {
    throw new Error(`${url} did not answer with JSON`);
  }
}

async function get(url: string, headers: Record<string, string>, signal: AbortSignal, allow404 = false): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, redirect: "follow" });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  if (response.ok || (allow404 && response.status === 404)) return response;
  await response.body?.cancel();
  const hint = response.status === 401 || response.status === 403 ? " (check the token for this registry in .npmrc)" : "";
  throw new Error(`${url} answered ${response.status} ${response.statusText}${hint}`);
}
