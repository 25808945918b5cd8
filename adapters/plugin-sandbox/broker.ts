import { isInside, normalizePath } from "../../core/domain/paths.ts";
import type { FileSystem, TextFile, WalkEntry } from "../../core/ports/file-system.ts";
import type { HttpClient } from "../../core/ports/http-client.ts";
import type { Logger } from "../../core/ports/logger.ts";
import type { ProcessRunner } from "../../core/ports/process-runner.ts";
import type { ToolContext } from "../../core/ports/tool.ts";
import { coveredBy, grantLabels, hostGranted, type ResolvedGrants } from "./grants.ts";

/** A call the plugin's child is serving right now: its context, and the real paths it declared. */
export interface ActiveCall {
  readonly ctx: ToolContext;
  readonly paths: readonly string[];
}

/**
 * Which addresses a request may reach when the grant names a host, not a place on this machine
 * or network: WebFetch's policy (plugins/web-fetch/address-policy.ts, over ipaddr.js), handed in
 * by the composition root and loaded with the first request.
 */
export interface AddressPolicy {
  /** A parseable public unicast address. */
  isPublicAddress(ip: string): boolean;
  /** The address, when the text is one (IPv4, IPv6 with or without brackets); null for a name. */
  parseAddress(text: string): object | null;
  /** localhost, *.localhost, *.local, *.internal: names that mean this machine or a private network. */
  isLocalHostname(hostname: string): boolean;
  /** The ranges isPublicAddress refuses, as CIDR text (the IPv6 forms of an IPv4 address aside). */
  deniedRanges(): readonly { readonly range: string; readonly cidr: string }[];
}

export interface BrokerDeps {
  readonly pluginId: string;
  readonly grants: ResolvedGrants;
  /** Real paths: Ursa's data directory, the plugin's private folder (inside it), its package. */
  readonly dataDir: string;
  readonly pluginData: string;
  readonly packageDir: string;
  readonly projectRoot: string;
  readonly fs: FileSystem;
  readonly http: HttpClient;
  readonly addressPolicy: () => Promise<AddressPolicy>;
  readonly process: ProcessRunner;
  readonly log: Logger;
  /** The calls in flight, by call id. */
  readonly calls: ReadonlyMap<string, ActiveCall>;
  /** Told of each refusal (counted for `ursa plugin list` and the dashboard). */
  readonly onDenied: (what: string) => void;
  /** Developer mode: everything is allowed but Ursa's data directory, as for built-in plugins. */
  readonly unrestricted?: boolean;
}

/** A runtime refusal as the child words it is kept to this length (it is stored and shown). */
const MAX_DENIED_TEXT = 300;

/** A refused request; its message goes back to the plugin as the error. */
export class PermissionDenied extends Error {
  override readonly name = "PermissionDenied";
}

const MAX_WALK_ENTRIES = 100_000;
const DEFAULT_HTTP_BYTES = 5_000_000;
const DEFAULT_RUN_TIMEOUT_MS = 120_000;

/**
 * Serves a sandboxed plugin's `ctx` from the host, checking every call against what the user
 * granted: paths are judged by where they really point (symlinks resolved); Ursa's data
 * directory (but the plugin's own folder in it) and anything in a `.git` directory are always
 * refused; a write must be inside a write grant and, while a tool call runs, inside one of that
 * call's declared paths (or the plugin's folder); hosts are checked on every request, so every
 * redirect hop, and a granted name must not resolve to a private address (unless the grant
 * names such a place itself); commands run only with a `run` grant, unsandboxed.
 */
export class PluginBroker {
  readonly #d: BrokerDeps;

  constructor(deps: BrokerDeps) {
    this.#d = deps;
  }

  async serve(method: string, params: Record<string, unknown>, signal: AbortSignal, notify: (method: string, params: unknown) => void, requestId: number | string): Promise<unknown> {
    switch (method) {
      case "ursa/fs":
        return this.#fs(String(params["op"]), Array.isArray(params["args"]) ? params["args"] : [], signal);
      case "ursa/http.get":
        return this.#httpGet(params, signal);
      case "ursa/http.resolveHost": {
        const hostname = String(params["hostname"]);
        if (!this.#d.unrestricted && !hostGranted(this.#d.grants.net, hostname, "")) this.#deny(`net ${hostname}`, `granted: ${this.#d.grants.net.join(", ") || "none"}`);
        return this.#d.http.resolveHost(hostname, signal);
      }
      case "ursa/process.run":
        return this.#run(params, signal, (line, stream) => notify("ursa/process.line", { id: requestId, line, stream }));
      case "ursa/askUser":
        return this.#call(params).ctx.askUser(String(params["question"]), Array.isArray(params["options"]) ? params["options"].map(String) : []);
      case "ursa/todos.read":
        return this.#call(params).ctx.todos.read();
      case "ursa/todos.write":
        return this.#call(params).ctx.todos.write(params["items"] as never);
      case "ursa/history":
        return this.#call(params).ctx.history.all();
      default:
        throw new Error(`unknown request ${method}`);
    }
  }

  /** Notifications: logs, live output, file reads noted by a running call, and the runtime's refusals. */
  notice(method: string, params: Record<string, unknown>): void {
    if (method === "ursa/log") {
      const level = ["debug", "info", "warn", "error"].includes(String(params["level"])) ? (params["level"] as "info") : "info";
      this.#d.log[level](`plugin ${this.#d.pluginId}: ${String(params["message"])}`, isRecord(params["fields"]) ? params["fields"] : undefined);
    } else if (method === "ursa/output") {
      this.#d.calls.get(String(params["callId"]))?.ctx.emitOutputLine(String(params["line"]), params["isStderr"] === true);
    } else if (method === "ursa/files.noteRead") {
      this.#d.calls.get(String(params["callId"]))?.ctx.files.noteRead(String(params["path"]), String(params["digest"]));
    } else if (method === "ursa/denied") {
      // Refused by the child's runtime, not by this broker: counted all the same (the runner reports them).
      const what = String(params["what"]).slice(0, MAX_DENIED_TEXT);
      this.#d.onDenied(what);
      this.#d.log.warn(`plugin ${this.#d.pluginId}: permission denied by the runtime: ${what}`);
    }
  }

  #call(params: Record<string, unknown>): ActiveCall {
    const call = this.#d.calls.get(String(params["callId"]));
    if (!call) throw new Error("this request needs a running tool call");
    return call;
  }

  async #fs(op: string, args: unknown[], signal: AbortSignal): Promise<unknown> {
    const fs = this.#d.fs;
    const path = (i = 0): string => {
      const value = args[i];
      if (typeof value !== "string" || !value.startsWith("/")) throw new Error(`fs.${op} needs an absolute path, got ${JSON.stringify(value)}`);
      return normalizePath(value);
    };
    switch (op) {
      case "readText":
        return fs.readText(await this.#allow("read", path(), signal), signal);
      case "readBytes":
        return [...(await fs.readBytes(await this.#allow("read", path(), signal), signal))];
      case "stat":
        return fs.stat(await this.#allow("read", path(), signal), signal);
      case "realPath":
        return this.#allow("read", path(), signal);
      case "readDir": {
        const real = await this.#allow("read", path(), signal);
        return (await fs.readDir(real, signal)).filter((entry) => !this.#alwaysRefused(`${real}/${entry.name}`));
      }
      case "walk": {
        const real = await this.#allow("read", path(), signal);
        const entries: WalkEntry[] = [];
        for await (const entry of fs.walk(real, isRecord(args[1]) ? args[1] : {}, signal)) {
          if (this.#alwaysRefused(entry.path)) continue;
          entries.push(entry);
          if (entries.length >= MAX_WALK_ENTRIES) break;
        }
        return entries;
      }
      case "readTexts": {
        const allowed: string[] = [];
        const refused: TextFile[] = [];
        for (const candidate of Array.isArray(args[0]) ? args[0] : []) {
          try {
            allowed.push(await this.#allow("read", normalizePath(String(candidate)), signal));
          } catch {
            refused.push({ path: String(candidate), kind: "unreadable" });
          }
        }
        const texts: TextFile[] = [...refused];
        for await (const file of fs.readTexts(allowed, signal)) texts.push(file);
        return texts;
      }
      case "writeTextAtomic":
        return fs.writeTextAtomic(await this.#allow("write", path(), signal), String(args[1] ?? ""), signal);
      case "remove": {
        const real = await this.#allow("write", path(), signal);
        const recursive = isRecord(args[1]) && args[1]["recursive"] === true;
        if (recursive && isInside(real, this.#d.dataDir)) this.#deny(`fs.remove ${real}`, "it contains Ursa's data directory");
        // A recursive remove may not take a repository's history, or the project itself, with it.
        if (recursive && (isInside(real, this.#d.projectRoot) || (await fs.stat(`${real}/.git`, signal)) !== null)) {
          this.#deny(`fs.remove ${real}`, "it contains the project or a .git directory");
        }
        return fs.remove(real, { recursive }, signal);
      }
      default:
        throw new Error(`unknown fs operation ${op}`);
    }
  }

  /** The real path, when the grant covers it; else the refusal is counted and thrown. */
  async #allow(access: "read" | "write", path: string, signal: AbortSignal): Promise<string> {
    const { grants, pluginData, packageDir, calls } = this.#d;
    if (this.#d.unrestricted) {
      const real = await this.#d.fs.realPath(path, signal);
      if (isInside(this.#d.dataDir, real)) this.#deny(`fs.${access} ${path}`, "inside Ursa's data directory");
      return real;
    }
    if (hasGitSegment(path)) this.#deny(`fs.${access} ${path}`, "inside a .git directory");
    const real = await this.#d.fs.realPath(path, signal);
    if (isInside(pluginData, real)) return real;
    if (this.#alwaysRefused(real)) this.#deny(`fs.${access} ${path}`, hasGitSegment(real) ? "inside a .git directory" : "inside Ursa's data directory");
    if (access === "read") {
      if (coveredBy(grants.read, real) || coveredBy(grants.write, real) || isInside(packageDir, real)) return real;
      this.#deny(`fs.read ${path}`, `granted: ${grantLabels(grants.read)}`);
    }
    if (!coveredBy(grants.write, real)) this.#deny(`fs.write ${path}`, `granted: ${grantLabels(grants.write)}`);
    // A write must be one of the paths a running tool call declared (and was approved for). Outside
    // a call (classify, paths, activate, a timer after a call returned) only ${pluginData} is writable.
    if (calls.size === 0) this.#deny(`fs.write ${path}`, "no tool call is running; outside a call a plugin writes only to its own data folder");
    if (![...calls.values()].some((call) => call.paths.some((declared) => isInside(declared, real)))) {
      this.#deny(`fs.write ${path}`, "not among the paths this tool call declared");
    }
    return real;
  }

  #alwaysRefused(real: string): boolean {
    return (isInside(this.#d.dataDir, real) && !isInside(this.#d.pluginData, real)) || hasGitSegment(real);
  }

  async #httpGet(params: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    const raw = String(params["url"]);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`not a URL: ${raw}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") this.#deny(`net ${raw}`, "only http and https");
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    if (!this.#d.unrestricted && !hostGranted(this.#d.grants.net, url.hostname, port)) this.#deny(`net ${url.host}`, `granted: ${this.#d.grants.net.join(", ") || "none"}`);
    const options = isRecord(params["options"]) ? params["options"] : {};
    const maxBytes = typeof options["maxBytes"] === "number" ? Math.min(options["maxBytes"], DEFAULT_HTTP_BYTES) : DEFAULT_HTTP_BYTES;
    const headers = isRecord(options["headers"]) ? Object.fromEntries(Object.entries(options["headers"]).map(([k, v]) => [k, String(v)])) : undefined;
    const address = this.#d.unrestricted ? undefined : await this.#vetAddress(url, signal);
    // Redirects are not followed: a plugin that follows one asks again, and that host is checked.
    return this.#d.http.get(url.href, { signal, maxBytes, ...(headers ? { headers } : {}), ...(address ? { address } : {}) });
  }

  /**
   * The address to connect to for a granted host, as WebFetch vets one: a name is judged by every
   * address it resolves to (the plugin's author may run its DNS, and answer 127.0.0.1 or a cloud
   * metadata address), and the first is connected to, never a second answer (DNS rebinding). A
   * grant that names an address, localhost or a local name is the user's own choice: undefined,
   * connect as named.
   */
  async #vetAddress(url: URL, signal: AbortSignal): Promise<string | undefined> {
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const policy = await this.#d.addressPolicy();
    if (policy.parseAddress(host) || policy.isLocalHostname(host)) return undefined;
    const addresses = await this.#d.http.resolveHost(host, signal);
    if (addresses.length === 0) throw new Error(`${host} could not be resolved`);
    const blocked = addresses.find((address) => !policy.isPublicAddress(address));
    if (blocked !== undefined) this.#deny(`net ${url.host}`, `${host} resolves to ${blocked}, which is not a public address; grant the address or localhost itself to allow it`);
    return addresses[0];
  }

  async #run(params: Record<string, unknown>, signal: AbortSignal, onLine: (line: string, stream: "stdout" | "stderr") => void): Promise<unknown> {
    const command = String(params["command"]);
    if (!this.#d.unrestricted && !this.#d.grants.run) this.#deny(`run ${command.length > 60 ? `${command.slice(0, 57)}...` : command}`, "no run grant");
    const options = isRecord(params["options"]) ? params["options"] : {};
    const env = isRecord(options["env"]) ? Object.fromEntries(Object.entries(options["env"]).map(([k, v]) => [k, String(v)])) : undefined;
    return this.#d.process.run(command, {
      cwd: typeof options["cwd"] === "string" ? options["cwd"] : this.#d.projectRoot,
      timeoutMs: typeof options["timeoutMs"] === "number" ? options["timeoutMs"] : DEFAULT_RUN_TIMEOUT_MS,
      signal,
      onLine,
      ...(env ? { env } : {}),
      ...(typeof options["maxOutputBytes"] === "number" ? { maxOutputBytes: options["maxOutputBytes"] } : {}),
    });
  }

  #deny(what: string, why: string): never {
    this.#d.onDenied(what);
    this.#d.log.warn(`plugin ${this.#d.pluginId}: permission denied: ${what} (${why})`);
    throw new PermissionDenied(`permission denied: ${what} (${why})`);
  }
}

function hasGitSegment(path: string): boolean {
  return path.split("/").includes(".git");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
