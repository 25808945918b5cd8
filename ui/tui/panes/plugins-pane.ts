import type { PendingInstall, PluginInfo, PluginsApi } from "../../../core/ports/driving/plugins-api.ts";
import type { Key } from "../keys.ts";
import { ScrollText, type Modal } from "../modals/modal.ts";
import { ConfirmModal } from "../modals/simple-modals.ts";
import { sanitize, span, wrapLine, type StyledLine } from "../view-model/styled.ts";
import { definePane, type PaneHost } from "./pane-spec.ts";

const USAGE = "/plugin — the plugins view · /plugin add <spec>… (npm:<name>[@version], ./dir, ./file.tgz, https://…/file.tgz) · /plugin remove <id> · /plugin enable <id> · /plugin disable <id>";
const ACTION_MS = 120_000;

/**
 * Third-party plugins (user and project lockfiles, and the unsandboxed developer-mode folder):
 * status, granted permissions in plain words, tools, denied attempts; e enables, d disables,
 * x removes (after asking). `/plugin add <spec>…` shows the same consent screen as
 * `ursa plugin add` and installs on y; the tools are offered from the next turn.
 */
export const pluginsPane = definePane({
  id: "plugins",
  title: "Plugins",
  dock: "right",
  order: 55,
  focusable: true,
  width: 36,
  share: 0.3,
  needs: ["plugins", "openModal", "notify", "say", "redraw", "setFocus"],
  create: (host) => {
    const view = new PluginsView(host);
    return {
      render: ({ width, height }, focused) => ({ rows: view.rows(width, height, focused), label: view.label() }),
      key: (key) => view.key(key),
      click: (row) => view.click(row),
      wheel: (delta) => view.move(Math.sign(delta)),
      commands: [
        { name: "plugin", args: "[add <spec>…|remove|enable|disable <id>]", help: "plugins: the view, install with consent, remove, enable, disable", run: (args) => view.command(args) },
        { name: "plugins", args: "", help: "focus the plugins view", run: () => view.command("") },
      ],
    };
  },
});

type Host = Pick<PaneHost, "plugins" | "openModal" | "notify" | "say" | "redraw" | "setFocus">;

/** The view's state: the last listing, the selection, and the actions on the selected plugin. */
export class PluginsView {
  readonly #host: Host;
  #api: PluginsApi | null = null;
  #plugins: readonly PluginInfo[] | null = null;
  #error: string | null = null;
  #selected = 0;
  #listing = false;
  #again = false;
  /** Which row of the last frame belongs to which plugin (for clicks). */
  #rowOwners: number[] = [];

  constructor(host: Host) {
    this.#host = host;
  }

  label(): string {
    return this.#plugins ? `(${this.#plugins.length})` : "";
  }

  rows(width: number, height: number, focused: boolean): StyledLine[] {
    this.#connect();
    if (!this.#api) return [[span("loading…", "dim")]];
    if (this.#error) return [[span(`✗ ${this.#error}`, "err")]];
    if (!this.#plugins) return [[span("reading the lockfiles…", "dim")]];
    if (this.#plugins.length === 0) return wrap([[span("No plugins. Add one with /plugin add npm:<package>.", "dim")]], width);
    const out: StyledLine[] = [];
    const owners: number[] = [];
    this.#plugins.forEach((p, i) => {
      const lines = describe(p, i === this.#selected && focused);
      for (const line of wrap(lines, width)) {
        out.push(line);
        owners.push(i);
      }
    });
    // Keep the selected plugin's first row in view.
    const first = owners.indexOf(this.#selected);
    const start = first >= height ? first : 0;
    this.#rowOwners = owners.slice(start, start + height);
    return out.slice(start, start + height);
  }

  key(key: Key): boolean {
    const plugin = this.#plugins?.[this.#selected];
    if (key.name === "up" || key.name === "down") this.move(key.name === "up" ? -1 : 1);
    else if (key.ch === "r") this.refresh();
    else if (!plugin) return false;
    else if (key.ch === "e") this.#act(plugin.id, "enable");
    else if (key.ch === "d") this.#act(plugin.id, "disable");
    else if (key.ch === "x" || key.name === "delete") this.#askRemove(plugin.id);
    else return false;
    return true;
  }

  click(row: number): void {
    const owner = this.#rowOwners[row];
    if (owner !== undefined) this.#selected = owner;
  }

  move(step: number): void {
    const count = this.#plugins?.length ?? 0;
    if (count > 0) this.#selected = Math.max(0, Math.min(count - 1, this.#selected + step));
  }

  /** `/plugin …` typed in the input. */
  command(args: string): void {
    const [sub = "", ...rest] = args.trim().split(/\s+/).filter(Boolean);
    const api = this.#connect();
    if (sub === "" || sub === "list") {
      this.#host.setFocus("plugins");
      return this.refresh();
    }
    if (!api) return this.#host.say("info", "Plugins are not ready yet; try again in a moment.");
    if (sub === "add" || sub === "install") {
      if (rest.length === 0) return this.#host.say("warn", "Usage: /plugin add <spec>… (npm:<name>[@version], ./dir, ./file.tgz, https://…/file.tgz)");
      return this.#add(api, rest);
    }
    const id = rest[0];
    if ((sub === "remove" || sub === "rm") && id) return this.#askRemove(id);
    if ((sub === "enable" || sub === "disable") && id) return this.#act(id, sub);
    this.#host.say("warn", USAGE);
  }

  refresh(): void {
    const api = this.#connect();
    if (!api) return;
    if (this.#listing) {
      this.#again = true;
      return;
    }
    this.#listing = true;
    api.list(AbortSignal.timeout(ACTION_MS)).then(
      (plugins) => {
        this.#plugins = plugins;
        this.#error = null;
        this.#selected = Math.min(this.#selected, Math.max(0, plugins.length - 1));
      },
      (e: Error) => (this.#error = e.message),
    ).finally(() => {
      this.#listing = false;
      if (this.#again) {
        this.#again = false;
        this.refresh();
      }
      this.#host.redraw();
    });
  }

  #connect(): PluginsApi | null {
    if (this.#api) return this.#api;
    this.#api = this.#host.plugins();
    if (this.#api) {
      this.#api.onChange(() => this.refresh());
      this.refresh();
    }
    return this.#api;
  }

  #add(api: PluginsApi, specs: readonly string[]): void {
    this.#host.notify(`checking ${specs.join(" ")}…`);
    api.inspect(specs, AbortSignal.timeout(ACTION_MS)).then(
      (pending) => this.#consent(pending),
      (e: Error) => this.#host.say("error", `✗ ${e.message}`),
    );
  }

  /** Asks about what `pending` would install; what is installed exactly so already is only said. */
  #consent(pending: PendingInstall): void {
    if (pending.ids.length === 0) {
      void pending.discard();
      this.#host.notify(pending.alreadyInstalled.join("; "));
      return;
    }
    if (pending.alreadyInstalled.length > 0) this.#host.say("info", pending.alreadyInstalled.join("\n"));
    this.#host.openModal(new ConsentModal(pending, (install) => {
      this.#host.notify("installing…");
      install.then(
        (lines) => {
          this.#host.say("info", lines.join("\n"));
          this.#host.notify(lines[0] ?? "installed");
        },
        (e: Error) => this.#host.say("error", `✗ Not installed: ${e.message}`),
      );
    }, () => this.#host.say("info", "Nothing was installed.")));
  }

  /** A developer-mode file is not in a lockfile: the user manages it in the folder. */
  #developerFile(id: string): boolean {
    if (this.#plugins?.find((p) => p.id === id)?.state !== "unsandboxed") return false;
    this.#host.say("info", `${id} is a developer-mode file in the plugins/ folder of Ursa's data directory: move or delete it there, then restart Ursa.`);
    return true;
  }

  #askRemove(id: string): void {
    if (this.#developerFile(id)) return;
    this.#host.openModal(new ConfirmModal("Remove plugin", `Remove the plugin ${id}?\nIts lockfile entry and its files in the store go; its private data folder is kept.`, () => this.#act(id, "remove")));
  }

  #act(id: string, action: "enable" | "disable" | "remove"): void {
    const api = this.#connect();
    if (!api || this.#developerFile(id)) return;
    api[action](id, AbortSignal.timeout(ACTION_MS)).then(
      (line) => this.#host.notify(line),
      (e: Error) => this.#host.say("error", `✗ ${e.message}`),
    ).finally(() => this.refresh());
  }
}

/** The consent screen of `ursa plugin add`, scrollable; only y installs (Enter, n and Esc do not). */
export class ConsentModal implements Modal {
  readonly sessionId = null;
  readonly title: string;
  readonly hint = "↑/↓ scroll · y install · n, Enter or Esc: no";
  readonly #lines: StyledLine[];
  readonly #scroll = new ScrollText();
  readonly #pending: PendingInstall;
  readonly #onYes: (install: Promise<readonly string[]>) => void;
  readonly #onNo: () => void;

  constructor(pending: PendingInstall, onYes: (install: Promise<readonly string[]>) => void, onNo: () => void) {
    this.#pending = pending;
    this.#onYes = onYes;
    this.#onNo = onNo;
    const count = pending.ids.length;
    this.title = ` Install ${count === 1 ? "a plugin" : `${count} plugins`}? `;
    const question = `Install ${count === 1 ? "this plugin and grant what it asks" : `these ${count} plugins and grant what they ask`}? [y/N]`;
    this.#lines = [...sanitize(pending.consent).trimEnd().split("\n").map((l) => [span(l, /^\s*!/.test(l) ? "warn" : undefined)]), [], [span(question, "bold")]];
  }

  rows(width: number, height: number): StyledLine[] {
    return this.#scroll.rows(this.#lines, width, height);
  }

  key(key: Key): boolean {
    if (this.#scroll.key(key)) return false;
    if (key.ch?.toLowerCase() === "y") {
      this.#onYes(this.#pending.install(AbortSignal.timeout(ACTION_MS)));
      return true;
    }
    if (key.ch?.toLowerCase() === "n" || key.name === "escape" || key.name === "enter") {
      void this.#pending.discard();
      this.#onNo();
      return true;
    }
    return false;
  }
}

const STATE_STYLE = { running: "ok", idle: "dim", disabled: "dim", failed: "err", modified: "err", missing: "warn", unsandboxed: "warn" } as const;

/** One plugin's lines: name, version and state; why; tools; what it may do; denied attempts. */
export function describe(p: PluginInfo, selected: boolean): StyledLine[] {
  const state = p.state === "unsandboxed" ? "UNSANDBOXED (developer mode)" : p.state === "modified" ? "modified on disk" : p.state;
  const lines: StyledLine[] = [[
    span(`${selected ? "▸" : " "} ${p.id}${p.version ? ` ${p.version}` : ""}`, selected ? "selected" : "bold"),
    span(` ${state}`, STATE_STYLE[p.state]),
    ...(p.scope === "project" ? [span(" (project)", "dim")] : []),
    ...(p.kind === "mcp" ? [span(" MCP", "dim")] : []),
  ]];
  if (p.why) lines.push([span(`   ${p.why}`, p.state === "idle" ? "warn" : "err")]);
  if (p.state === "unsandboxed") lines.push([span("   runs with your full authority, no permissions checked", "warn")]);
  lines.push([span(`   tools: ${p.tools.length > 0 ? p.tools.join(", ") : "none"}`, "dim")]);
  if (p.state !== "unsandboxed") {
    if (p.permissions.length === 0) lines.push([span("   may: nothing (no files, network, environment or commands)", "dim")]);
    else lines.push([span("   may:", "dim")], ...p.permissions.map((grant): StyledLine => [span(`    - ${grant.text}`, grant.flagged ? "warn" : "dim")]));
  }
  if (p.denied !== null) lines.push([span(`   denied attempts: ${p.denied}${p.lastDenied ? ` (last: ${p.lastDenied})` : ""}`, p.denied > 0 ? "warn" : "dim")]);
  return lines;
}

/** Wraps each line to the pane, continuation rows indented under their line's text. */
function wrap(lines: readonly StyledLine[], width: number): StyledLine[] {
  const w = Math.max(16, width);
  return lines.flatMap((line) => {
    const [first, ...rest] = wrapLine(line, w);
    if (!first || rest.length === 0) return first ? [first] : [];
    const tail: StyledLine = rest.flatMap((row, i) => (i === 0 ? row : [span(" "), ...row]));
    return [first, ...wrapLine(tail, w - CONTINUATION.length).map((row): StyledLine => [span(CONTINUATION), ...row])];
  });
}

const CONTINUATION = "      ";
