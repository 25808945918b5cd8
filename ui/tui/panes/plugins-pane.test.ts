/**
 * The plugins view in process: what it shows of each plugin, the keys that act on the selected
 * one (remove asks first), and the consent dialog (only y installs; Enter means no).
 */
import { describe, expect, it } from "vitest";
import type { PendingInstall, PluginInfo, PluginsApi } from "../../../core/ports/driving/plugins-api.ts";
import type { Key } from "../keys.ts";
import type { Modal } from "../modals/modal.ts";
import { textOf } from "../view-model/styled.ts";
import { ConsentModal, PluginsView } from "./plugins-pane.ts";

const key = (ch: string, name = "char"): Key => ({ name, ch: name === "char" ? ch : undefined, ctrl: false, meta: false, shift: false });

const GREET: PluginInfo = {
  id: "acme.greet", version: "1.0.0", scope: "user", kind: "tool", state: "idle", why: null,
  permissions: [{ text: "read files in the open project", flagged: false }, { text: "connect to api.example.com", flagged: false }], tools: ["Greet", "Farewell"], denied: 2, lastDenied: "fs.read /etc/passwd (2026-12-04T20:00:00.000Z)",
};
const CRASHY: PluginInfo = { ...GREET, id: "acme.crashy", state: "failed", why: "the plugin acme.crashy exited with code 3; disabled after 3 failures (restart Ursa to try again)", permissions: [], tools: ["Crash"], denied: 0, lastDenied: null };
const DEV: PluginInfo = { id: "mine.mjs", version: null, scope: "developer", kind: "tool", state: "unsandboxed", why: null, permissions: [], tools: ["Mine"], denied: null, lastDenied: null };

/** An API over an in-memory list that records what the view asked. */
function fakeApi(plugins: PluginInfo[]): PluginsApi & { calls: string[]; fire(): void } {
  const listeners = new Set<() => void>();
  const calls: string[] = [];
  return {
    calls,
    fire: () => listeners.forEach((l) => l()),
    list: async () => plugins,
    inspect: async (specs) => ({ ids: specs.map(String), alreadyInstalled: [], consent: "acme-greet 1.0.0\n  it may\n    ! read ~/.aws in your home folder\n", install: async () => (calls.push(`install ${specs.join(" ")}`), ["Installed acme.greet 1.0.0"]), discard: async () => void calls.push("discard") }),
    enable: async (id) => (calls.push(`enable ${id}`), `Enabled ${id}`),
    disable: async (id) => (calls.push(`disable ${id}`), `Disabled ${id}`),
    remove: async (id) => (calls.push(`remove ${id}`), `Removed ${id}`),
    onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
}

function host(api: PluginsApi | null) {
  const modals: Modal[] = [];
  const said: string[] = [];
  const notices: string[] = [];
  let focus = "input";
  return {
    modals, said, notices, focus: () => focus,
    plugins: () => api, openModal: (m: Modal) => void modals.push(m), notify: (t: string) => void notices.push(t),
    say: (_level: string, t: string) => void said.push(t), redraw: () => undefined, setFocus: (id: string) => void (focus = id),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const screen = (view: PluginsView, focused = true) => view.rows(120, 40, focused).map(textOf).join("\n");

describe("the plugins view", () => {
  it("shows each plugin's version, state and why, tools, permissions in words, denied attempts, and labels developer mode unsandboxed", async () => {
    const api = fakeApi([GREET, CRASHY, DEV]);
    const view = new PluginsView(host(api));
    expect(screen(view)).toContain("reading the lockfiles");
    await settle();
    const text = screen(view);
    expect(text).toContain("▸ acme.greet 1.0.0 idle");
    expect(text).toContain("tools: Greet, Farewell");
    expect(text).toContain("may:\n    - read files in the open project\n    - connect to api.example.com");
    expect(text).toContain("denied attempts: 2 (last: fs.read /etc/passwd");
    expect(text).toContain("acme.crashy 1.0.0 failed");
    expect(text).toContain("disabled after 3 failures");
    expect(text).toContain("mine.mjs UNSANDBOXED (developer mode)");
    expect(text).toContain("runs with your full authority");
    expect(view.label()).toBe("(3)");
  });

  it("marks the grants the installer flags (one of Ursa's secrets, the home folder, full access)", async () => {
    const view = new PluginsView(host(fakeApi([{ ...GREET, permissions: [{ text: "read your Anthropic API key (ANTHROPIC_API_KEY)", flagged: true }, { text: "read the environment variable TZ", flagged: false }] }])));
    view.rows(120, 40, true);
    await settle();
    const spans = view.rows(120, 40, true).flat();
    expect(spans.find((s) => s.text.includes("Anthropic API key"))?.style).toBe("warn");
    expect(spans.find((s) => s.text.includes("TZ"))?.style).toBe("dim");
  });

  it("enables, disables and removes the selected plugin; removing asks first", async () => {
    const api = fakeApi([GREET, CRASHY]);
    const h = host(api);
    const view = new PluginsView(h);
    view.rows(60, 40, true);
    await settle();
    view.key(key("", "down"));
    expect(screen(view)).toContain("▸ acme.crashy");
    view.key(key("e"));
    view.key(key("d"));
    await settle();
    expect(api.calls).toEqual(["enable acme.crashy", "disable acme.crashy"]);
    expect(h.notices).toContain("Disabled acme.crashy");
    view.key(key("x"));
    expect(api.calls).not.toContain("remove acme.crashy");
    expect(h.modals).toHaveLength(1);
    h.modals[0]!.key(key("", "enter")); // a ConfirmModal ignores Enter: only y removes
    expect(api.calls).not.toContain("remove acme.crashy");
    h.modals[0]!.key(key("y"));
    await settle();
    expect(api.calls).toContain("remove acme.crashy");
  });

  it("points at the folder for a developer-mode file instead of acting on it", async () => {
    const api = fakeApi([DEV]);
    const h = host(api);
    const view = new PluginsView(h);
    view.rows(60, 40, true);
    await settle();
    view.key(key("x"));
    view.key(key("d"));
    expect(h.modals).toHaveLength(0);
    expect(api.calls).toEqual([]);
    expect(h.said[0]).toContain("mine.mjs is a developer-mode file in the plugins/ folder");
  });

  it("refreshes when the engine says plugins changed (a failure, an install)", async () => {
    const plugins = [GREET];
    const api = fakeApi(plugins);
    const view = new PluginsView(host(api));
    view.rows(60, 40, false);
    await settle();
    plugins.push(CRASHY);
    api.fire();
    await settle();
    expect(screen(view, false)).toContain("acme.crashy 1.0.0 failed");
  });

  it("/plugin add shows the consent screen; Enter and n install nothing, y installs", async () => {
    const api = fakeApi([]);
    const h = host(api);
    const view = new PluginsView(h);
    view.command("add npm:acme-greet npm:acme-other");
    await settle();
    const consent = h.modals[0] as ConsentModal;
    expect(consent.title).toContain("Install 2 plugins?");
    const text = consent.rows(80, 20).map(textOf).join("\n");
    expect(text).toContain("! read ~/.aws in your home folder");
    expect(text).toContain("Install these 2 plugins and grant what they ask? [y/N]");
    expect(consent.key(key("", "enter"))).toBe(true);
    await settle();
    expect(api.calls).toEqual(["discard"]);
    expect(h.said).toContain("Nothing was installed.");

    view.command("add npm:acme-greet");
    await settle();
    expect(h.modals[1]!.key(key("y"))).toBe(true);
    await settle();
    expect(api.calls).toContain("install npm:acme-greet");
    expect(h.said).toContain("Installed acme.greet 1.0.0");
  });

  it("/plugin with no words focuses the view; bad usage says how", () => {
    const h = host(fakeApi([]));
    const view = new PluginsView(h);
    view.command("");
    expect(h.focus()).toBe("plugins");
    view.command("add");
    view.command("frobnicate");
    expect(h.said[0]).toContain("Usage: /plugin add <spec>");
    expect(h.said[1]).toContain("/plugin remove <id>");
  });
});
