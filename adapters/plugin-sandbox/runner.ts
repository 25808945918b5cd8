/**
 * The child side of a sandboxed plugin: one process per plugin, on Node or Deno, speaking
 * newline-delimited JSON-RPC 2.0 on stdio with Ursa. It has no authority of its own (the
 * runtime's flags see to that); everything the plugin's `ctx` does becomes a request the host
 * checks against the grants. Self-contained on purpose: the child reads only this file and
 * the plugin's package, never node_modules. Built to dist/plugin-runner.mjs. That is why it stays
 * one file past 500 lines: Deno runs it as it is, from source Node gets it transformed, not
 * bundled (runner-file.ts), and a second file would be one more path the child must be let read.
 */
// No node: imports on Deno: its Node compatibility layer would double the child's start-up
// time and add megabytes; Deno's own stdio is used there, Node's `process` global on Node.
declare const Deno: {
  stdin: { readable: AsyncIterable<Uint8Array> };
  stdout: { writeSync(bytes: Uint8Array): number };
  exit(code: number): never;
  errors: { NotCapable?: { prototype: object }; PermissionDenied: { prototype: object } };
} | undefined;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Message { jsonrpc: "2.0"; id?: number | string; method?: string; params?: any; result?: any; error?: { code: number; message: string } }
interface Pending { resolve(value: any): void; reject(error: Error): void; onLine?: (line: string, stream: "stdout" | "stderr") => void }

const encoder = new TextEncoder();
const writeStdout: (text: string) => void = typeof Deno !== "undefined"
  ? (text) => {
    let bytes = encoder.encode(text);
    while (bytes.length > 0) bytes = bytes.subarray(Deno!.stdout.writeSync(bytes));
  }
  : process.stdout.write.bind(process.stdout);
const exit = (code: number): never => (typeof Deno !== "undefined" ? Deno.exit(code) : process.exit(code));

const pending = new Map<number, Pending>();
let nextId = 1;
const inFlight = new Map<number | string, AbortController>();
const tools = new Map<string, any>();
const listeners = new Map<number, (event: unknown) => unknown>();
const hooks = new Map<number, (call: unknown) => unknown>();
let registrationId = 0;
let plugin: any = null;

function send(message: Omit<Message, "jsonrpc">): void {
  writeStdout(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
}

function notify(method: string, params: Json | Record<string, unknown>): void {
  send({ method, params });
}

function request(method: string, params: Record<string, unknown>, signal?: AbortSignal, onLine?: Pending["onLine"]): Promise<any> {
  signal?.throwIfAborted();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      pending.delete(id);
      notify("$/cancelRequest", { id });
      reject(signal!.reason instanceof Error ? signal!.reason : new DOMException("The operation was aborted.", "AbortError"));
    };
    signal?.addEventListener("abort", abort, { once: true });
    pending.set(id, {
      resolve: (value) => { signal?.removeEventListener("abort", abort); resolve(value); },
      reject: (error) => { signal?.removeEventListener("abort", abort); reject(error); },
      ...(onLine ? { onLine } : {}),
    });
    send({ id, method, params });
  });
}

const fs = (op: string) => (...args: unknown[]) => {
  const signal = args.find((a) => a instanceof AbortSignal) as AbortSignal | undefined;
  return request("ursa/fs", { op, args: args.filter((a) => !(a instanceof AbortSignal)) as Json[] }, signal);
};

function makeContext(init: any): unknown {
  const register = (kind: string, fields: Record<string, unknown>, undo: () => void) => {
    const id = ++registrationId;
    notify("ursa/registered", { id, kind, ...fields });
    return () => {
      undo();
      notify("ursa/unregistered", { id, kind, ...fields });
    };
  };
  return {
    apiVersion: 1,
    registerTool(tool: any) {
      if (!tool || typeof tool.name !== "string") throw new Error("registerTool needs a tool with a name");
      tools.set(tool.name, tool);
      return register("tool", { tool: summarize(tool) }, () => tools.delete(tool.name));
    },
    on(type: string, listener: (event: unknown) => unknown) {
      const id = registrationId + 1;
      listeners.set(id, listener);
      return register("event", { type }, () => listeners.delete(id));
    },
    hook(name: string, handler: (call: unknown) => unknown) {
      const id = registrationId + 1;
      hooks.set(id, handler);
      return register("hook", { name }, () => hooks.delete(id));
    },
    fs: {
      readText: fs("readText"),
      readBytes: async (path: string, signal: AbortSignal) => Uint8Array.from(await request("ursa/fs", { op: "readBytes", args: [path] }, signal) as number[]),
      writeTextAtomic: fs("writeTextAtomic"),
      stat: fs("stat"),
      realPath: fs("realPath"),
      remove: fs("remove"),
      readDir: fs("readDir"),
      async *walk(start: string, options: unknown, signal: AbortSignal) {
        yield* (await request("ursa/fs", { op: "walk", args: [start, options as Json] }, signal)) as unknown[];
      },
      async *readTexts(paths: Iterable<string>, signal: AbortSignal) {
        yield* (await request("ursa/fs", { op: "readTexts", args: [[...paths]] }, signal)) as unknown[];
      },
    },
    process: {
      run(command: string, options: any) {
        const { signal, onLine, ...rest } = options ?? {};
        return request("ursa/process.run", { command, options: rest }, signal, onLine);
      },
    },
    http: {
      get(url: string, options: any) {
        const { signal, ...rest } = options ?? {};
        return request("ursa/http.get", { url, options: rest }, signal);
      },
      resolveHost: (hostname: string, signal: AbortSignal) => request("ursa/http.resolveHost", { hostname }, signal),
    },
    host: { dataDir: init.dataDir, projectRoot: init.projectRoot },
    log: Object.fromEntries(["debug", "info", "warn", "error"].map((level) => [level, (message: string, fields?: unknown) => notify("ursa/log", { level, message: String(message), fields: (fields ?? null) as Json })])),
  };
}

function summarize(tool: any): Record<string, unknown> {
  return {
    name: tool.name,
    description: tool.description,
    parameters: tool.parameters,
    changesUndeclaredFiles: tool.changesUndeclaredFiles === true,
    has: { paths: typeof tool.paths === "function", validate: typeof tool.validate === "function", preview: typeof tool.preview === "function" },
  };
}

/** The per-call context a tool gets: the parts that reach the host are requests tagged with the call. */
function toolContext(call: any, signal: AbortSignal): unknown {
  const reads = new Map<string, { digest: string; at: number }>(Object.entries(call.files?.reads ?? {}));
  const writers = new Map<string, { tool: string; at: number }>(Object.entries(call.files?.writers ?? {}));
  const owned = new Set<string>(call.files?.owned ?? []);
  const callRequest = (method: string, params: Record<string, unknown>) => request(method, { callId: call.callId, ...params }, signal);
  return {
    sessionId: call.sessionId,
    projectRoot: call.projectRoot,
    resolvePath: (path: string) => resolvePath(path, call.projectRoot, call.homeDir),
    signal,
    caps: call.caps,
    emitOutputLine: (line: string, isStderr: boolean) => notify("ursa/output", { callId: call.callId, line: String(line), isStderr: Boolean(isStderr) }),
    askUser: (question: string, options: readonly string[]) => callRequest("ursa/askUser", { question, options: [...options] }),
    todos: { read: () => callRequest("ursa/todos.read", {}), write: (items: unknown[]) => callRequest("ursa/todos.write", { items: items as Json[] }) },
    files: {
      noteRead(path: string, digest: string) {
        reads.set(path, { digest, at: Date.now() });
        notify("ursa/files.noteRead", { callId: call.callId, path, digest });
      },
      lastRead: (path: string) => reads.get(path),
      lastWriter: (path: string) => writers.get(path),
      isOwned: (path: string) => owned.has(path),
    },
    history: { all: () => callRequest("ursa/history", {}) },
  };
}

function resolvePath(path: string, root: string, home: string): string {
  const joined = path.startsWith("/") ? path : path === "~" ? home : path.startsWith("~/") ? `${home}/${path.slice(2)}` : `${root}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function toolNamed(name: string): any {
  const tool = tools.get(name);
  if (!tool) throw new Error(`this plugin has no tool named ${name}`);
  return tool;
}

const handlers: Record<string, (params: any, signal: AbortSignal) => unknown> = {
  async initialize(params) {
    // Null for a developer-mode plugin, which has Ursa's authority and no guard.
    if (typeof Deno === "undefined" && params.net) await guardNetwork(params.net);
    // A computed specifier: Deno then checks the plugin's own imports against --allow-read.
    const specifier = String(params.pluginUrl);
    const module = await import(specifier);
    plugin = module.default;
    const problem = shapeProblem(plugin);
    if (problem) throw new Error(problem);
    if (plugin.apiVersion !== 1) throw new Error(`written for plugin API ${plugin.apiVersion}, but this Ursa implements API 1; update the plugin or Ursa`);
    await plugin.activate(makeContext(params));
    return { id: plugin.id, version: plugin.version, tools: [...tools.values()].map(summarize) };
  },
  "tools/call": async (params, signal) => {
    const result = await toolNamed(params.name).execute(params.input, toolContext(params.call, signal));
    return { output: String(result?.output ?? ""), success: result?.success !== false, ...(typeof result?.fullOutput === "string" ? { fullOutput: result.fullOutput } : {}) };
  },
  "ursa/classify": (params) => toolNamed(params.name).classify(params.input),
  "ursa/paths": async (params) => (await toolNamed(params.name).paths?.(params.input)) ?? [],
  "ursa/validate": async (params, signal) => (await toolNamed(params.name).validate?.(params.input, toolContext(params.call, signal))) ?? null,
  "ursa/preview": async (params, signal) => (await toolNamed(params.name).preview?.(params.input, toolContext(params.call, signal))) ?? null,
  "ursa/hook": async (params) => {
    const handler = hooks.get(params.id);
    return handler ? ((await handler(params.call)) ?? null) : null;
  },
  async shutdown() {
    await plugin?.deactivate?.();
    setTimeout(() => exit(0), 0);
    return null;
  },
};

function shapeProblem(candidate: any): string | null {
  if (typeof candidate !== "object" || candidate === null) return "is not a plugin object (export default definePlugin({...}))";
  if (typeof candidate.id !== "string" || candidate.id === "") return "has no id";
  if (typeof candidate.version !== "string") return "has no version string";
  if (typeof candidate.apiVersion !== "number") return "has no apiVersion number";
  if (typeof candidate.activate !== "function") return "has no activate(ctx) function";
  return null;
}

async function handle(message: Message): Promise<void> {
  if (message.method === undefined) {
    const waiting = pending.get(message.id as number);
    if (!waiting) return;
    pending.delete(message.id as number);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
    return;
  }
  if (message.method === "$/cancelRequest") return void inFlight.get(message.params?.id)?.abort();
  if (message.method === "ursa/process.line") return void pending.get(message.params?.id)?.onLine?.(message.params.line, message.params.stream);
  if (message.method === "ursa/event") {
    const listener = listeners.get(message.params?.id);
    // A listener's failure is the plugin's problem, never a crash: logged like the host logs it.
    if (listener) Promise.resolve().then(() => listener(message.params.event)).catch((error) => notify("ursa/log", { level: "warn", message: `listener for ${message.params.type} failed: ${String(error)}`, fields: null }));
    return;
  }
  if (message.id === undefined) return;
  const handler = handlers[message.method];
  if (!handler) return send({ id: message.id, error: { code: -32601, message: `unknown method ${message.method}` } });
  const controller = new AbortController();
  inFlight.set(message.id, controller);
  try {
    const result = await handler(message.params ?? {}, controller.signal);
    send({ id: message.id, result: (result ?? null) as Json });
  } catch (error) {
    send({ id: message.id, error: { code: -32000, message: error instanceof Error ? error.message : String(error) } });
  } finally {
    inFlight.delete(message.id);
  }
}

/** The granted hosts, those meant whatever they resolve to, and the ranges (CIDR) the others may not resolve into. */
interface Fence { hosts: readonly string[]; meant: readonly string[]; denied: readonly string[] }

/**
 * Node does not scope the network (Deno's --allow-net does): sockets and DNS are limited to
 * the granted hosts here, before the plugin is imported, and the guards cannot be replaced.
 * A granted name (not an address, localhost or a local name) is resolved here, once, and the
 * socket connects to that answer only if every address it holds is public: as the broker
 * vets ctx.http, so that the name's DNS cannot lead to this machine or its network.
 * Best effort: it stands because the permission model refuses bindings, addons and workers.
 */
async function guardNetwork(fence: Fence): Promise<void> {
  const [net, dns, dgram, moduleApi] = await Promise.all([import("node:net"), import("node:dns"), import("node:dgram"), import("node:module")]);
  const matches = (grants: readonly string[], host: unknown, port: unknown): boolean => grants.some((grant) => hostMatches(grant, String(host ?? "localhost"), port));
  // Shaped like the permission model's own refusals, so that they are reported alike (reportRefusals).
  const refuse = (what: string): Error => Object.assign(new Error(`permission denied: net ${what} (not granted)`), { code: "ERR_ACCESS_DENIED", permission: "Net", resource: what });
  const lock = (target: object, name: string, value: unknown): void => void Object.defineProperty(target, name, { value, writable: false, configurable: false });
  const blocked = new net.BlockList();
  for (const cidr of fence.denied) {
    const [network = "", bits = "0"] = cidr.split("/");
    blocked.addSubnet(network, Number(bits), network.includes(":") ? "ipv6" : "ipv4");
  }
  const isBlocked = (ip: string): boolean => {
    if (net.isIP(ip.replace(/%.*$/, "")) === 0) return true;
    const v4 = ip.includes(":") ? embeddedIPv4(ip) : ip;
    return v4 !== null ? blocked.check(v4, "ipv4") : blocked.check(ip, "ipv6");
  };
  const lookup = dns.default.lookup;
  // One resolution, judged whole; the socket gets that answer, never a second one (rebinding).
  const vettedLookup = (hostname: string, options: any, callback: (...args: any[]) => void): void => {
    const all = typeof options === "object" && options !== null && options.all === true;
    const family = typeof options === "number" ? options : options?.family;
    lookup(hostname, { all: true, ...(family ? { family } : {}) }, (error, addresses) => {
      if (error) return callback(error);
      const bad = addresses.find((a) => isBlocked(a.address));
      if (bad) {
        const denied = Object.assign(new Error(`permission denied: net ${hostname} (it resolves to ${bad.address}, which is not a public address; grant the address or localhost itself to allow it)`), { code: "ERR_ACCESS_DENIED", permission: "Net", resource: hostname });
        return callback(denied);
      }
      if (all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  const connect = net.Socket.prototype.connect;
  lock(net.Socket.prototype, "connect", function (this: unknown, ...args: any[]) {
    const normalized = Array.isArray(args[0]) ? args[0] : args;
    const first = normalized[0];
    const callback = normalized.find((a: unknown) => typeof a === "function");
    // A copy of plain data: what is checked is what connects (no getter answers twice).
    const options = typeof first === "object" && first !== null ? { ...first } : typeof first === "number" || /^\d+$/.test(String(first)) ? { port: first, host: typeof normalized[1] === "string" ? normalized[1] : undefined } : { path: first };
    if (options.path != null) throw refuse(`socket ${options.path}`);
    // A lookup of the plugin's own could answer any address for a granted name.
    if (options.lookup !== undefined) throw refuse(`${options.host ?? "localhost"}:${options.port} with a lookup of its own`);
    if (!matches(fence.hosts, options.host, options.port)) throw refuse(`${options.host ?? "localhost"}:${options.port}`);
    if (net.isIP(String(options.host ?? "")) === 0 && !matches(fence.meant, options.host, options.port)) options.lookup = vettedLookup;
    return (connect as any).call(this, options, ...(callback ? [callback] : []));
  });
  // Nor may it serve: a listening plugin could be reached from outside the machine.
  lock(net.Server.prototype, "listen", () => {
    throw refuse("listen");
  });
  const guardHostFunctions = (target: any): void => {
    for (const name of Object.keys(target)) {
      if (!/^(lookup|resolve)/.test(name) || typeof target[name] !== "function") continue;
      const original = target[name];
      lock(target, name, function (this: unknown, host: unknown, ...rest: unknown[]) {
        if (name === "lookupService" || !matches(fence.hosts, host, undefined)) throw refuse(`dns ${String(host)}`);
        return original.call(this, host, ...rest);
      });
    }
  };
  guardHostFunctions(dns.default);
  guardHostFunctions(dns.default.promises);
  guardHostFunctions(dns.default.Resolver.prototype);
  guardHostFunctions(dns.default.promises.Resolver.prototype);
  for (const name of ["send", "connect", "bind"]) lock(dgram.default.Socket.prototype, name, () => { throw refuse("udp"); });
  moduleApi.syncBuiltinESMExports();
}

/**
 * The IPv4 address an IPv6 one carries (mapped, translated, NAT64, 6to4, IPv4-compatible, as
 * plugins/web-fetch/address-policy.ts reads them), which is judged instead; null if none.
 */
function embeddedIPv4(ip: string): string | null {
  const bytes = ipv6Bytes(ip);
  if (bytes === null) return null;
  const zero = (from: number, to: number): boolean => bytes.slice(from, to).every((b) => b === 0);
  const at = zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff ? 12
    : zero(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zero(10, 12) ? 12
    : bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(0, 1) && (zero(4, 12) || (zero(4, 5) && bytes[5] === 1)) ? 12
    : bytes[0] === 0x20 && bytes[1] === 0x02 ? 2
    : zero(0, 12) ? 12 : -1;
  return at < 0 ? null : bytes.slice(at, at + 4).join(".");
}

function ipv6Bytes(ip: string): number[] | null {
  let text = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) text = `${text.slice(0, dotted.index)}${((Number(dotted[1]) << 8) | Number(dotted[2])).toString(16)}:${((Number(dotted[3]) << 8) | Number(dotted[4])).toString(16)}`;
  const [head = "", tail] = text.split("::");
  const groups = (part: string): number[] => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const start = groups(head);
  const end = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? start : [...start, ...Array<number>(Math.max(0, 8 - start.length - end.length)).fill(0), ...end];
  if (all.length !== 8 || all.some((g) => !(g >= 0 && g <= 0xffff))) return null;
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

function hostMatches(grant: string, host: string, port: unknown): boolean {
  const [grantHost = "", grantPort] = grant.split(/:(?=\d+$)/);
  if (grantPort !== undefined && port !== undefined && String(port) !== grantPort) return false;
  const name = host.toLowerCase().replace(/^\[|\]$/g, "");
  return grantHost.startsWith("*.") ? name.endsWith(grantHost.slice(1)) : name === grantHost;
}

/** Node's names for what its permission model refused, in the words the broker uses ("fs.read /etc/passwd"). */
const NODE_PERMISSIONS: Record<string, string> = { FileSystemRead: "fs.read", FileSystemWrite: "fs.write", ChildProcess: "run", Worker: "worker", Net: "net" };
/** Deno's (`Requires read access to "/etc/passwd", run again with the --allow-read flag`). */
const DENO_PERMISSIONS: Record<string, string> = { read: "fs.read", write: "fs.write" };

/**
 * A runtime's refusal in the broker's words ("permission denied: fs.read /etc/passwd (…)"), with
 * where the user sees the grants: the runtime's own ("run again with the --allow-read flag",
 * "Use --allow-fs-read to manage permissions") would have the model suggest flags Ursa sets.
 */
const inUrsaWords = (what: string): string => `permission denied: ${what} (not granted to this plugin; its grants: ursa plugin list)`;

/**
 * The built-ins the refusal reports use, taken before the plugin loads: a plugin replacing
 * `queueMicrotask`, `RegExp.prototype.exec` or `Object.defineProperty` must not silence them.
 */
const builtins = { defineProperty: Object.defineProperty, queueMicrotask, exec: RegExp.prototype.exec };
const execOf = (pattern: RegExp, text: string): RegExpExecArray | null => Reflect.apply(builtins.exec, pattern, [text]) as RegExpExecArray | null;

/** Gives `error` the message `words()` (read when asked: Node names what it refused after the code). */
function reword(error: object, words: () => string): void {
  builtins.defineProperty(error, "message", {
    get: words,
    set(this: object, value: unknown) {
      builtins.defineProperty(this, "message", { value, writable: true, configurable: true, enumerable: false });
    },
    configurable: true,
    enumerable: false,
  });
}

/**
 * The runtime refuses what the plugin tries behind Ursa's back (Deno's --allow/--deny flags,
 * Node's permission model and its network guard above); each refusal is told to Ursa, which
 * counts it with the broker's (`ursa plugin list`), even when the plugin catches the error, and
 * is reworded in Ursa's words (inUrsaWords), which is what the plugin, and the model, then see.
 * The refusals are seen as their errors are made: Deno names its NotCapable (PermissionDenied
 * before Deno 2) in the constructor, Node gives its ERR_ACCESS_DENIED errors their code, and an
 * accessor on the prototype hears both. Locked, so the plugin cannot take it away.
 */
function reportRefusals(report: (what: string) => void): void {
  const hear = (prototype: object, key: "name" | "code", refused: (error: any, value: unknown) => void): void => {
    builtins.defineProperty(prototype, key, {
      configurable: false,
      get: key === "name" ? () => (prototype.constructor as { name: string }).name : () => undefined,
      set(this: object, value: unknown) {
        builtins.defineProperty(this, key, { value, writable: true, configurable: true, enumerable: key === "code" });
        refused(this, value);
      },
    });
  };
  /** The first value the runtime gives `key` on `error`: what the plugin sets later does not change the report. */
  const firstValue = (error: object, key: string): (() => unknown) => {
    let first: { value: unknown } | null = null;
    builtins.defineProperty(error, key, {
      configurable: true,
      enumerable: true,
      get: () => first?.value,
      set(this: object, value: unknown) {
        first ??= { value };
        builtins.defineProperty(this, key, { value, writable: true, configurable: true, enumerable: true });
      },
    });
    return () => first?.value;
  };
  if (typeof Deno !== "undefined") {
    for (const type of [Deno.errors.NotCapable, Deno.errors.PermissionDenied]) {
      if (!type) continue;
      hear(type.prototype, "name", (error) => {
        // The flags' refusals only: a PermissionDenied from the operating system (EACCES) is not one.
        const match = execOf(/^Requires (\w+) access(?: to (?:"([^"]*)"|(\S+?)))?(?:,|$)/, String(error.message));
        if (!match) return;
        const what = `${DENO_PERMISSIONS[match[1]!] ?? match[1]} ${match[2] ?? match[3] ?? ""}`.trim();
        reword(error, () => inUrsaWords(what));
        report(what);
      });
    }
    return;
  }
  hear(Error.prototype, "code", (error, code) => {
    if (code !== "ERR_ACCESS_DENIED") return;
    // Node sets `permission` and `resource` after the code; the values it gives them are the ones reported.
    const permission = firstValue(error, "permission");
    const resource = firstValue(error, "resource");
    const what = (): string => `${NODE_PERMISSIONS[String(permission())] ?? String(permission() ?? "access")} ${String(resource() ?? "")}`.trim();
    // The network guard's refusals are in Ursa's words already, with their reason.
    if (!String(error.message).startsWith("permission denied: ")) reword(error, () => inUrsaWords(what()));
    builtins.queueMicrotask(() => report(what()));
  });
}

/** Plugin mode: the protocol owns stdout; whatever the plugin prints goes to stderr, which Ursa logs. */
function serve(): void {
  reportRefusals((what) => notify("ursa/denied", { what }));
  const toStderr = console.error.bind(console);
  for (const name of ["log", "info", "debug", "dir"] as const) (console as any)[name] = toStderr;
  if (typeof Deno === "undefined") (process.stdout as any).write = (chunk: unknown, ...rest: unknown[]) => (process.stderr.write as any)(chunk, ...rest);
  let buffer = "";
  const receive = (chunk: string): void => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line === "") continue;
      let message: Message;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      void handle(message);
    }
  };
  // Ursa went away (even killed outright): stdin ends, and the child follows.
  if (typeof Deno !== "undefined") {
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of Deno!.stdin.readable) receive(decoder.decode(chunk, { stream: true }));
      exit(0);
    })();
  } else {
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", receive);
    process.stdin.on("end", () => exit(0));
  }
}

// Preloaded (`node --import`) in front of an MCP server on Node, this file is only the network
// guard, with its fence in URSA_SANDBOX_NET(_MEANT, _DENIED); run as the entry, it serves a plugin.
const preloadHosts = typeof Deno === "undefined" ? process.env["URSA_SANDBOX_NET"] : undefined;
const preloadList = (name: string): string[] => (process.env[name] ?? "").split(",").filter(Boolean);
if (preloadHosts !== undefined) await guardNetwork({ hosts: preloadList("URSA_SANDBOX_NET"), meant: preloadList("URSA_SANDBOX_NET_MEANT"), denied: preloadList("URSA_SANDBOX_NET_DENIED") });
else serve();
