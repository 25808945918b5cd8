import type { SettingsStore } from "../../../core/ports/settings-store.ts";
import { checkSignal, type StoreState } from "./state.ts";

/** The SettingsStore in memory. */
export class InMemorySettingsStore implements SettingsStore {
  readonly #s: StoreState;

  constructor(state: StoreState) {
    this.#s = state;
  }

  async kvGet(key: string, signal?: AbortSignal): Promise<string | null> {
    checkSignal(signal);
    return this.#s.settings.get(key) ?? null;
  }

  async kvSet(key: string, value: string): Promise<void> {
    this.#s.settings.set(key, value);
  }

  async kvDelete(key: string): Promise<boolean> {
    return this.#s.settings.delete(key);
  }

  async kvListPrefix(prefix: string, signal?: AbortSignal): Promise<{ key: string; value: string }[]> {
    checkSignal(signal);
    return [...this.#s.settings]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value }));
  }
}
