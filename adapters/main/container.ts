import { homedir, hostname } from "node:os";
import { basename, join } from "node:path";
import { Container, ContainerModule } from "inversify";
import pkg from "../../package.json" with { type: "json" };
import { EventBus, EVENT_BUS } from "../../core/application/event-bus.ts";
import { GuardedFileSystem } from "../../core/application/guarded-file-system.ts";
import { HookPipeline } from "../../core/application/hook-pipeline.ts";
import { PluginHost } from "../../core/application/plugin-host.ts";
import { Session } from "../../core/application/session.ts";
import { SessionService } from "../../core/application/session-service.ts";
import { buildSystemPrompt } from "../../core/application/system-prompt.ts";
import { GLOBAL_MEMORY_FILE } from "../../core/domain/memory-files.ts";
import { ToolRegistry } from "../../core/application/tool-registry.ts";
import { EVENT_STREAM } from "../../core/ports/driving/event-stream.ts";
import { MCP_SERVERS_API } from "../../core/ports/driving/mcp-servers-api.ts";
import { PLUGINS_API } from "../../core/ports/driving/plugins-api.ts";
import { SESSIONS_API } from "../../core/ports/driving/sessions-api.ts";
import { FILE_CHANGE_STORE } from "../../core/ports/file-change-store.ts";
import { FILE_SYSTEM, type FileSystem } from "../../core/ports/file-system.ts";
import { HTTP_CLIENT } from "../../core/ports/http-client.ts";
import { PROVIDER_REGISTRY } from "../../core/ports/provider-registry.ts";
import { LOGGER, type Logger } from "../../core/ports/logger.ts";
import { PROCESS_RUNNER } from "../../core/ports/process-runner.ts";
import { MESSAGE_LOG } from "../../core/ports/message-log.ts";
import { SESSION_CATALOG, type SessionCatalog } from "../../core/ports/session-catalog.ts";
import { SETTINGS_STORE } from "../../core/ports/settings-store.ts";
import { SYNC_SERVICE } from "../../core/ports/sync.ts";
import { USAGE_QUERIES } from "../../core/ports/usage-queries.ts";
import { TOOL_SOURCE, type ToolSource } from "../../core/ports/tool-source.ts";
import type { Tool } from "../../core/ports/tool.ts";
import { SCHEMA_VALIDATOR } from "../../core/ports/schema-validator.ts";
import { LINE_CHANGE_COUNTER } from "../../core/ports/line-changes.ts";
import { createAjvSchemaValidator } from "../ajv-schema-validator/mod.ts";
import { JsdiffLineChanges } from "../jsdiff-line-changes/mod.ts";
import { FileLogger } from "../file-logger/mod.ts";
import { openLibsqlStore } from "../libsql-store/mod.ts";
import type { LibsqlSyncService } from "../libsql-sync/mod.ts";
import { globalExcludesFile, LocalFileSystem } from "../local-file-system/mod.ts";
import { readKeysFile } from "./keys-file.ts";
import { McpServerManager } from "../mcp-client/mod.ts";
import { NodeHttpClient } from "../node-http-client/mod.ts";
import { NodeProcessRunner } from "../node-process-runner/mod.ts";
import { findPluginFiles } from "../plugin-loader/mod.ts";
import { developerId } from "../plugin-sandbox/mod.ts";
import { BUILTIN_PLUGINS } from "./builtin-plugins.ts";
import type { AppConfig } from "./config.ts";
import { provide, resolve } from "./provide.ts";
import { childEnvironment, currentSecretValues, SYNC_TOKEN_VARIABLE } from "./child-env.ts";
import { EventLog } from "./event-log.ts";
import { readInstructions } from "./project-instructions.ts";
import { projectDecision, projectMcpFile, readServerFile, type ExtraServer } from "./project-mcp.ts";
import { loggingRegistry } from "./logging-provider.ts";
import { ConfiguredProviders, PROVIDERS } from "./providers.ts";
import { UnconfiguredProvider } from "./unconfigured-provider.ts";
import { DEFAULT_CAPABILITIES } from "../../core/domain/model-catalog.ts";
import { AGENT, CONFIG, CONFIGURED_PROVIDERS, DATABASE, HOOKS, LIVE_PLUGIN_TOOLS, MCP_SERVERS, PLUGIN_FAILURES, PLUGIN_HOST, PLUGIN_SANDBOX, SESSION, SESSION_INIT, TOOL_REGISTRY } from "./tokens.ts";
import { createPluginSandbox, registerDeveloperPlugins, registerInstalledPlugins, startupLine } from "./installed-plugins.ts";
import { LivePluginTools } from "./live-plugin-tools.ts";

// How often a running Ursa re-reads MCP configurations, so `ursa mcp add` in another terminal reaches it.
const MCP_CONFIG_POLL_MS = 5_000;

/** What the process shares: store, bus, tools, agent, provider, the session service. */
export function createContainer(config: AppConfig): Container {
  const root = new Container({ defaultScope: "Singleton" });
  // What tool output and pushed rows are redacted of: one list, following keys.json.
  const secrets = currentSecretValues(config.env, config.dataDir, config.keys);
  root.load(
    new ContainerModule(({ bind }) => {
      bind(CONFIG).toConstantValue(config);
      provide(bind, LOGGER, [CONFIG], (c) =>
        new FileLogger(c.logFile, c.verbose || c.env["URSA_LOG_LEVEL"] === "debug" ? "debug" : "info", c.verbose ? (line) => process.stderr.write(line) : undefined));
      provide(bind, FILE_SYSTEM, [CONFIG], (c) => new LocalFileSystem({ globalExcludes: globalExcludesFile(c.env, homedir()) }));
      provide(bind, DATABASE, [CONFIG], async (c) => {
        const db = await openLibsqlStore({ url: c.dbUrl, deviceId: c.deviceId });
        // A project that got a git remote keeps the sessions it had under its path.
        await db.adoptPathKeyedSessions(c.project);
        return db;
      }).onDeactivation((db) => db.close());
      // One database, one adapter per storage port over it.
      provide(bind, SESSION_CATALOG, [DATABASE], (db) => db.sessions);
      provide(bind, MESSAGE_LOG, [DATABASE], (db) => db.messages);
      provide(bind, USAGE_QUERIES, [DATABASE], (db) => db.usage);
      provide(bind, FILE_CHANGE_STORE, [DATABASE], (db) => db.fileChanges);
      provide(bind, SETTINGS_STORE, [DATABASE], (db) => db.settings);
      // Sync (issue 10): URSA_SYNC_URL / URSA_SYNC_TOKEN, else the stored URL and keys.json's token.
      // Never TURSO_* or LIBSQL_*: those usually point at the user's own application database.
      provide(bind, SYNC_SERVICE, [CONFIG, DATABASE], async (c, db) => {
        const { LibsqlSyncService } = await import("../libsql-sync/mod.ts");
        return new LibsqlSyncService({
          db: db.syncDatabase,
          // URSA_DEVICE_NAME: a friendlier name than the host's in lists and "running on …".
          device: { id: c.deviceId, name: c.env["URSA_DEVICE_NAME"] || hostname() },
          url: c.env["URSA_SYNC_URL"] || null,
          token: syncToken(c.env, c.keys),
          // keys.json again: another terminal's `ursa sync setup --token-file` may have replaced it.
          latestToken: () => syncToken(c.env, readKeysFile(c.dataDir).keys),
          get secrets() {
            return secrets();
          },
          project: c.project,
        });
      }).onDeactivation((sync) => (sync as LibsqlSyncService).close());
      provide(bind, MCP_SERVERS, [CONFIG, SETTINGS_STORE, LOGGER], async (c, settings, log) => {
        // The project's .mcp.json only once the user approved it for this project; --mcp-config for this run.
        const approved = (await projectDecision(settings, c.project.root)) === "approved";
        const projectServers = (): ExtraServer[] => {
          if (!approved) return [];
          try {
            return readServerFile(projectMcpFile(c.project.root));
          } catch (error) {
            log.warn("the project's .mcp.json cannot be used", { error: (error as Error).message });
            return [];
          }
        };
        return new McpServerManager({
          settings, env: c.env, inheritedEnv: childEnvironment(c.env, c.keys), cwd: c.project.root, clientVersion: pkg.version, log, pollIntervalMs: MCP_CONFIG_POLL_MS,
          extraServers: () => [...c.mcpConfigServers, ...projectServers()],
        });
      })
        .onDeactivation((servers) => servers.close());
      provide(bind, TOOL_SOURCE, [MCP_SERVERS], (servers) => servers);
      provide(bind, MCP_SERVERS_API, [MCP_SERVERS], (servers) => servers);
      provide(bind, PROCESS_RUNNER, [CONFIG], (c) => new NodeProcessRunner({ env: childEnvironment(c.env, c.keys) }));
      provide(bind, HTTP_CLIENT, [], () => new NodeHttpClient());
      provide(bind, HOOKS, [LOGGER], (log) => new HookPipeline((name, error) => log.warn(`a ${name} hook failed`, { error: String(error) })));
      provide(bind, EVENT_BUS, [LOGGER], (log) => {
        const bus = new EventBus();
        bus.attach(new EventLog(log), (error) => log.warn("the event log failed", { error: String(error) }));
        return bus;
      }).onDeactivation((bus) => bus.complete());
      provide(bind, EVENT_STREAM, [EVENT_BUS], (bus) => bus);
      provide(bind, SCHEMA_VALIDATOR, [], () => createAjvSchemaValidator());
      provide(bind, LINE_CHANGE_COUNTER, [], () => new JsdiffLineChanges());
      provide(bind, TOOL_REGISTRY, [SCHEMA_VALIDATOR], (schemas) => new ToolRegistry(schemas));
      provide(bind, PLUGIN_HOST, [CONFIG, TOOL_REGISTRY, EVENT_BUS, HOOKS, FILE_SYSTEM, PROCESS_RUNNER, HTTP_CLIENT, LOGGER], (c, registry, bus, hooks, fs, process, http, log) =>
        new PluginHost({ registry, bus, hooks, fs: new GuardedFileSystem(fs, [c.dataDir], [join(c.dataDir, GLOBAL_MEMORY_FILE)]), process, http, host: { dataDir: c.dataDir, projectRoot: c.project.root }, log }))
        .onDeactivation((host) => host.deactivateAll());
      provide(bind, PLUGIN_SANDBOX, [CONFIG, FILE_SYSTEM, HTTP_CLIENT, PROCESS_RUNNER, LOGGER, EVENT_BUS, HOOKS], (c, fs, http, process, log, bus, hooks) =>
        createPluginSandbox(c, { fs, http, process, log, bus, hooks }))
        .onDeactivation((sandbox) => sandbox.stopAll());
      provide(bind, LIVE_PLUGIN_TOOLS, [PLUGIN_SANDBOX, TOOL_REGISTRY], (sandbox, registry) => new LivePluginTools(sandbox, registry));
      provide(bind, PLUGIN_FAILURES, [CONFIG, PLUGIN_HOST, PLUGIN_SANDBOX, LIVE_PLUGIN_TOOLS, LOGGER], async (c, host, sandbox, live, log) => {
        const devDir = join(c.dataDir, "plugins");
        const devFiles = await findPluginFiles(devDir);
        const failures = [
          ...(await host.activateAll(BUILTIN_PLUGINS)).map((f) => `plugin ${f.pluginId} ${f.message}`),
          // Developer and installed plugins come after the built-ins, whose names they may not take.
          ...(await registerDeveloperPlugins(devFiles, sandbox, live)),
          ...(await registerInstalledPlugins(c, sandbox, live, AbortSignal.timeout(10_000))),
        ];
        for (const failure of failures) log.error(failure);
        log.info("plugins activated", { builtIn: BUILTIN_PLUGINS.length, developer: devFiles.length, installed: sandbox.statuses().length - devFiles.length, failed: failures.length });
        if (devFiles.length > 0) {
          const unsandboxed = `developer mode: ${devFiles.length} plugin${devFiles.length === 1 ? "" : "s"} in ${devDir} run UNSANDBOXED, with Ursa's full authority, each in a process of its own (${devFiles.map(developerId).join(", ")})`;
          log.warn(unsandboxed);
          failures.unshift(unsandboxed);
        }
        return failures.map(startupLine);
      });
      // After the start-up registrations (PLUGIN_FAILURES), so a later install adds to them.
      provide(bind, PLUGINS_API, [CONFIG, PLUGIN_SANDBOX, LIVE_PLUGIN_TOOLS, EVENT_BUS, PLUGIN_FAILURES], async (config, sandbox, live, bus) => {
        // The installer is loaded only when the dashboard asks (after its first frame).
        const { DashboardPlugins } = await import("./dashboard-plugins.ts");
        return new DashboardPlugins({ config, sandbox, live, events$: bus.events$ });
      });
      provide(bind, AGENT, [CONFIG, TOOL_REGISTRY, PLUGIN_FAILURES, HOOKS, TOOL_SOURCE, MCP_SERVERS, FILE_SYSTEM, LOGGER], async (c, tools, _failures, hooks, source, servers, fs, log) => {
        // After the plugins (built-in names come first); not awaited: servers connect in the background.
        followToolSource(source, tools, log);
        servers.start();
        const base =
          c.systemPrompt ??
          buildSystemPrompt({
            projectRoot: c.project.root,
            platform: process.platform,
            date: new Date().toISOString().slice(0, 10),
            isGitRepo: c.isGitRepo,
            memory: await readInstructions(fs, { projectRoot: c.project.root, workingDir: c.workingDir, dataDir: c.dataDir }),
          });
        const systemPrompt = c.appendSystemPrompt ? `${base}\n\n${c.appendSystemPrompt}` : base;
        return {
          name: "main", systemPrompt, project: c.project, tools, scratchDirs: c.scratchDirs, protectedDirs: [c.dataDir], homeDir: homedir(), hooks,
          get secrets() {
            return secrets();
          },
          dynamicPrompt: () => source.instructions(),
          permissions: () => c.permissions.rules(),
        };
      });
      provide(bind, CONFIGURED_PROVIDERS, [CONFIG], (c) =>
        new ConfiguredProviders({ env: c.env, keys: c.keys, maxTokens: c.maxTokens, dataDir: c.dataDir, ...(c.baseUrl ? { baseUrl: { provider: c.provider, url: c.baseUrl } } : {}) }));
      provide(bind, PROVIDER_REGISTRY, [CONFIGURED_PROVIDERS, LOGGER], (providers, log) => loggingRegistry(providers, log));
      provide(bind, SESSIONS_API, [SESSION_CATALOG, MESSAGE_LOG, AGENT, PROVIDER_REGISTRY], (sessions, messages, agent, providers) =>
        new SessionService({ sessions, messages, agent, providers, makeSession: (init) => resolve(createSessionScope(root, init), SESSION) }),
      );
    }),
  );
  return root;
}

/** The sync token: URSA_SYNC_TOKEN in the environment wins over the one stored in keys.json. */
function syncToken(env: AppConfig["env"], keys: Readonly<Record<string, string>>): string | null {
  return env[SYNC_TOKEN_VARIABLE] || keys[SYNC_TOKEN_VARIABLE] || null;
}

/**
 * Keeps the registry in step with a source whose tools change while Ursa runs: registers new
 * tools, disposes removed ones, and replaces a tool whose definition changed (a new object).
 */
function followToolSource(source: ToolSource, registry: ToolRegistry, log: Logger): void {
  const registered = new Map<string, { tool: Tool; dispose: () => void }>();
  const sync = (): void => {
    const current = new Map(source.tools().map((tool) => [tool.name, tool]));
    for (const [name, entry] of registered) {
      if (current.get(name) === entry.tool) continue;
      entry.dispose();
      registered.delete(name);
    }
    for (const [name, tool] of current) {
      if (registered.has(name)) continue;
      try {
        registered.set(name, { tool, dispose: registry.register(tool, "mcp") });
      } catch (error) {
        log.warn("a tool from an MCP server was not registered", { tool: name, error: (error as Error).message });
      }
    }
  };
  source.onChange(sync);
  sync();
  if (source.waitForTool) registry.whenMissing((name, signal) => source.waitForTool!(name, signal));
}

/**
 * Which provider and model a session runs on. A resumed session keeps what it last used;
 * --provider and --model switch it (a new provider starts on its own default model).
 * A new session takes the flags, else URSA_PROVIDER / URSA_MODEL, else the defaults.
 */
export async function chooseModel(c: AppConfig, store: Pick<SessionCatalog, "getMetadata">, sessionId: string) {
  const savedProvider = await store.getMetadata(sessionId, "provider");
  const savedModel = await store.getMetadata(sessionId, "model");
  if (savedProvider === null) return { providerName: c.provider, model: c.modelFlag ?? c.defaultModel, savedProvider, savedModel };
  const providerName = c.providerFlag ?? savedProvider;
  const model = c.modelFlag ?? (providerName === savedProvider ? (savedModel ?? undefined) : undefined);
  return { providerName, model, savedProvider, savedModel };
}

/**
 * A child container for one session: session-scoped state is built here, so that later
 * per-session services (file tracker, sub-agent registry) bind beside it.
 */
export function createSessionScope(root: Container, init: { id: string; mode: import("../../core/domain/trust-mode.ts").TrustMode; titled: boolean }): Container {
  const scope = new Container({ parent: root, defaultScope: "Singleton" });
  scope.load(
    new ContainerModule(({ bind }) => {
      bind(SESSION_INIT).toConstantValue(init);
      provide(bind, SESSION, [SESSION_INIT, CONFIG, AGENT, SESSION_CATALOG, MESSAGE_LOG, USAGE_QUERIES, FILE_CHANGE_STORE, EVENT_BUS, PROVIDER_REGISTRY, FILE_SYSTEM, LINE_CHANGE_COUNTER], async (s, c, agent, sessions, messages, usage, fileChanges, bus, providers, fs, lineChanges) => {
        const { providerName, model, savedProvider, savedModel } = await chooseModel(c, sessions, s.id);
        const { provider, settings } = await providers.resolve(providerName, model, AbortSignal.timeout(5_000)).catch((error: Error) => ({
          provider: new UnconfiguredProvider(providerName, error),
          settings: { model: model ?? PROVIDERS[providerName]?.defaultModel ?? "(none)", maxTokens: c.maxTokens, contextWindow: DEFAULT_CAPABILITIES.contextWindow, pricing: null },
        }));
        // Remember the choice, so that resuming without flags keeps talking to the same model.
        if (savedProvider !== providerName) await sessions.setMetadata(s.id, "provider", providerName);
        if (savedModel !== settings.model) await sessions.setMetadata(s.id, "model", settings.model);
        return Session.open({
          id: s.id,
          agent,
          sessions,
          messages,
          usage,
          bus,
          provider,
          mode: s.mode,
          titled: s.titled,
          settings: { ...settings, ...(c.thinkingBudget ? { thinkingBudget: c.thinkingBudget } : {}) },
          providers,
          fs,
          lineChanges,
          fileChanges,
        });
      });
    }),
  );
  return scope;
}
