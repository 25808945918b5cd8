import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** What `ursa plugin list` and the dashboard show of a plugin's refused attempts. */
export interface DeniedAttempts {
  readonly count: number;
  /** The most recent one, e.g. "fs.read /etc/passwd", and when. */
  readonly last: string;
  readonly at: string;
}

const FILE = "plugin-denied.json";
const FLUSH_MS = 200;

/** Every plugin's refused attempts so far, across Ursa processes; `{}` before the first. */
export async function readDeniedAttempts(dataDir: string): Promise<Record<string, DeniedAttempts>> {
  try {
    const value = JSON.parse(await readFile(join(dataDir, FILE), "utf8")) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, DeniedAttempts>) : {};
  } catch {
    return {};
  }
}

/**
 * Counts refusals per plugin into `$URSA_HOME/plugin-denied.json`, so a plugin list in another
 * process sees them. Writes are batched and atomic (temp file + rename), adding this process's
 * new refusals to what the file holds.
 */
export class DeniedAttemptsLog {
  readonly #dataDir: string;
  readonly #pending = new Map<string, { count: number; last: string; at: string }>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
  }

  record(pluginId: string, what: string): void {
    const entry = this.#pending.get(pluginId) ?? { count: 0, last: what, at: "" };
    this.#pending.set(pluginId, { count: entry.count + 1, last: what, at: new Date().toISOString() });
    this.#timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is pending now (also on shutdown). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending.size === 0) return this.#writing;
    const batch = new Map(this.#pending);
    this.#pending.clear();
    this.#writing = this.#writing.then(async () => {
      const all = await readDeniedAttempts(this.#dataDir);
      for (const [id, added] of batch) all[id] = { count: (all[id]?.count ?? 0) + added.count, last: added.last, at: added.at };
      const path = join(this.#dataDir, FILE);
      const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await writeFile(temp, `${JSON.stringify(all, null, 2)}\n`);
        await rename(temp, path);
      } catch {
        // Counting is a courtesy: a full disk must not break a tool call.
      }
    });
    return this.#writing;
  }
}
