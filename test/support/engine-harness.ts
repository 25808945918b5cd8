import { mkdtemp, rm } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventBus } from "../../core/application/event-bus.ts";
import { GuardedFileSystem } from "../../core/application/guarded-file-system.ts";
import { HookPipeline } from "../../core/application/hook-pipeline.ts";
import { PluginHost } from "../../core/application/plugin-host.ts";
import type { RetryPolicy } from "../../core/application/provider-retry.ts";
import { Session } from "../../core/application/session.ts";
import { ToolRegistry } from "../../core/application/tool-registry.ts";
import type { EngineEvent, EngineEventType, EventOf } from "../../core/domain/engine-event.ts";
import type { PermissionRules } from "../../core/domain/permission-rules.ts";
import type { TrustMode } from "../../core/domain/trust-mode.ts";
import { SILENT_LOGGER } from "../../core/ports/logger.ts";
import type { Tool } from "../../core/ports/tool.ts";
import type { ProviderRegistry } from "../../core/ports/provider-registry.ts";
import type { ModelPricing } from "../../core/domain/model-catalog.ts";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { JsdiffLineChanges } from "../../adapters/jsdiff-line-changes/mod.ts";
import { NodeHttpClient } from "../../adapters/node-http-client/mod.ts";
import { NodeProcessRunner } from "../../adapters/node-process-runner/mod.ts";
import { BUILTIN_PLUGINS } from "../../adapters/main/builtin-plugins.ts";
import { InMemoryStore } from "../fakes/in-memory-store.ts";
import { ScriptedProvider, type ScriptedReply } from "../fakes/scripted-provider.ts";
import { SCHEMAS } from "./schemas.ts";
import type { StorePorts } from "./store-ports.ts";

export interface Harness {
  readonly dir: string;
  readonly store: StorePorts;
  readonly provider: ScriptedProvider;
  readonly bus: EventBus;
  readonly registry: ToolRegistry;
  readonly hooks: HookPipeline;
  /** Stands in for Ursa's data directory: tools may not touch it. */
  readonly dataDir: string;
  readonly events: EngineEvent[];
  readonly session: Session;
  of<K extends EngineEventType>(type: K): EventOf<K>[];
  types(): string[];
  newSession(options?: { mode?: TrustMode }): Promise<Session>;
  /** A fresh Session object for a stored session, as after a restart. */
  newSessionFor(id: string, options?: { mode?: TrustMode }): Promise<Session>;
  cleanup(): Promise<void>;
}

/**
 * A real engine over a real temp project, with a scripted model, on the in-memory store (which
 * keeps the libSQL store's contract: test/contract) unless `store: "libsql"` asks for a real
 * :memory: libSQL database (loaded only then, so engine tests need no native module).
 */
export async function createHarness(options: {
  replies?: ScriptedReply[];
  mode?: TrustMode;
  contextWindow?: number;
  loopCap?: number;
  extraTools?: Tool[];
  retry?: RetryPolicy;
  now?: () => number;
  providers?: ProviderRegistry;
  pricing?: ModelPricing | null;
  store?: "memory" | "libsql";
  /** The permission rules settings files would give (none by default). */
  permissions?: PermissionRules;
} = {}): Promise<Harness> {
  const dir = realpathSync(await mkdtemp(join(tmpdir(), "ursa-engine-")));
  const store = await openStore(options.store ?? "memory", options.now);
  const provider = new ScriptedProvider(options.replies ?? [], { contextWindow: options.contextWindow ?? 200_000, maxOutputTokens: 8_192 });
  const bus = new EventBus();
  const registry = new ToolRegistry(SCHEMAS);
  const fs = new LocalFileSystem();
  const hooks = new HookPipeline();
  const dataDir = realpathSync(await mkdtemp(join(tmpdir(), "ursa-data-")));
  const homeDir = realpathSync(await mkdtemp(join(tmpdir(), "ursa-home-")));
  const host = new PluginHost({ registry, bus, hooks, fs: new GuardedFileSystem(fs, [dataDir], [join(dataDir, "memory.md")]), process: new NodeProcessRunner(), http: new NodeHttpClient(), host: { dataDir, projectRoot: dir }, log: SILENT_LOGGER });
  const failures = await host.activateAll(BUILTIN_PLUGINS);
  if (failures.length > 0) throw new Error(`plugins failed: ${JSON.stringify(failures)}`);
  for (const tool of options.extraTools ?? []) registry.register(tool);
  const events: EngineEvent[] = [];
  bus.events$.subscribe((e) => events.push(e));
  const agent = { name: "main", systemPrompt: "You are a test agent.", project: { root: dir, key: `path:${dir}` }, tools: registry, scratchDirs: [], protectedDirs: [dataDir], homeDir, hooks, ...(options.permissions ? { permissions: () => options.permissions! } : {}) };
  const newSessionFor = async (id: string, o: { mode?: TrustMode } = {}) => {
    const mode = o.mode ?? options.mode ?? "auto";
    return Session.open({
      id,
      agent,
      sessions: store.sessions,
      messages: store.messages,
      usage: store.usage,
      bus,
      provider,
      mode,
      settings: { model: "test-model", maxTokens: 1024, contextWindow: options.contextWindow ?? 200_000, pricing: options.pricing ?? null },
      ...(options.providers ? { providers: options.providers } : {}),
      ...(options.loopCap ? { loopCap: options.loopCap } : {}),
      retry: options.retry ?? { maxRetries: 5, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 120_000, maxSilentRetries: 1 },
      fs,
      lineChanges: new JsdiffLineChanges(),
      fileChanges: store.fileChanges,
    });
  };
  const newSession = async (o: { mode?: TrustMode } = {}) => {
    const id = await store.sessions.createSession({ agentName: "main", project: agent.project, mode: o.mode ?? options.mode ?? "auto" });
    return newSessionFor(id, o);
  };
  const session = await newSession();
  return {
    dir,
    store,
    provider,
    bus,
    registry,
    hooks,
    dataDir,
    events,
    session,
    of: (type) => events.filter((e) => e.type === type) as never,
    types: () => events.map((e) => e.type),
    newSession,
    newSessionFor,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
      await rm(homeDir, { recursive: true, force: true });
    },
  };
}

async function openStore(kind: "memory" | "libsql", now: (() => number) | undefined): Promise<StorePorts> {
  if (kind === "memory") return new InMemoryStore(now ? { now } : {});
  const { openLibsqlStore } = await import("../../adapters/libsql-store/mod.ts");
  return openLibsqlStore({ url: ":memory:", deviceId: "test-device", ...(now ? { now } : {}) });
}

/** Resolves when an event of `type` is emitted (already emitted ones count). */
export function nextEvent<K extends EngineEventType>(h: Harness, type: K, after = 0): Promise<EventOf<K>> {
  return new Promise((resolve) => {
    const found = h.events.slice(after).find((e) => e.type === type);
    if (found) return resolve(found as EventOf<K>);
    const sub = h.bus.events$.subscribe((e) => {
      if (e.type === type) {
        sub.unsubscribe();
        resolve(e as EventOf<K>);
      }
    });
  });
}
