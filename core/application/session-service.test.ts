import { afterEach, describe, expect, it } from "vitest";
import { openLibsqlSessionStore, type LibsqlSessionStore } from "../../adapters/libsql-session-store/mod.ts";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { JsdiffLineChanges } from "../../adapters/jsdiff-line-changes/mod.ts";
import { EventBus } from "./event-bus.ts";
import { HookPipeline } from "./hook-pipeline.ts";
import { Session } from "./session.ts";
import { SessionService } from "./session-service.ts";
import { ToolRegistry } from "./tool-registry.ts";
import { ScriptedProvider } from "../../test/fakes/scripted-provider.ts";
import { SCHEMAS } from "../../test/support/schemas.ts";

let store: LibsqlSessionStore;
afterEach(async () => store?.close());

async function service(projectKey = "path:/p") {
  store = await openLibsqlSessionStore({ url: ":memory:", deviceId: "d" });
  const agent = { name: "main", systemPrompt: "", project: { root: "/p", key: projectKey }, tools: new ToolRegistry(SCHEMAS), scratchDirs: [], protectedDirs: [], homeDir: "/home/test", hooks: new HookPipeline() };
  const bus = new EventBus();
  const made: string[] = [];
  const svc = new SessionService({
    store,
    agent,
    makeSession: async ({ id, mode, titled }) => {
      made.push(id);
      return Session.open({ id, agent, store, bus, provider: new ScriptedProvider(), mode, titled, settings: { model: "m", maxTokens: 100, contextWindow: 1000 }, fs: new LocalFileSystem(), lineChanges: new JsdiffLineChanges(), fileChanges: store });
    },
  });
  return { svc, made };
}

describe("SessionService", () => {
  it("resumes by unique prefix, restores the saved mode, and reports an unanswered prompt", async () => {
    const { svc } = await service();
    const created = await svc.create("plan");
    await store.insertMessage(created.id, { role: "user", content: "what is in src?", complete: true });
    const { session, interruption, info } = await svc.resume(created.id.slice(0, 20));
    expect(session).toBe(created);
    expect(session.mode).toBe("plan");
    expect(info.id).toBe(created.id);
    expect(interruption).toEqual({ kind: "prompt", preview: "what is in src?" });
  });

  it("a resumed session gets a new Session object with its stored mode, or the one asked for", async () => {
    const { svc, made } = await service();
    const id = await store.createSession({ agentName: "main", project: { root: "/p", key: "path:/p" }, mode: "auto" });
    expect((await svc.resume(id)).session.mode).toBe("auto");
    expect(made).toEqual([id]);
    const other = await store.createSession({ agentName: "main", project: { root: "/p", key: "path:/p" }, mode: "auto" });
    const resumed = await svc.resume(other, "safe");
    expect(resumed.session.mode).toBe("safe");
    expect(await store.getSessionMode(other)).toBe("safe");
  });

  it("explains unknown and ambiguous prefixes", async () => {
    const { svc } = await service();
    await svc.create("safe");
    await svc.create("safe");
    await expect(svc.resume("zzzz")).rejects.toThrow(/No session id starts with "zzzz"/);
    await expect(svc.resume("0")).rejects.toThrow(/matches 2 sessions .*give more characters/);
    await expect(svc.resume("  ")).rejects.toThrow(/Give a session id/);
  });

  it("continues this project's latest session, and says so when there is none", async () => {
    const { svc } = await service();
    await expect(svc.continueLatest()).rejects.toThrow(/No earlier session in this project/);
    await svc.create("safe");
    const second = await svc.create("safe");
    await store.insertMessage(second.id, { role: "user", content: "latest", complete: true });
    expect((await svc.continueLatest()).session.id).toBe(second.id);
  });

  it("lists this project's sessions unless asked for all, and purges archived history", async () => {
    const { svc } = await service("git:github.com/a/b:.");
    const mine = await svc.create("safe");
    await store.createSession({ agentName: "main", project: { root: "/q", key: "path:/q" } });
    expect((await svc.list()).map((s) => s.id)).toEqual([mine.id]);
    expect(await svc.list({ allProjects: true })).toHaveLength(2);
    for (let i = 0; i < 6; i++) await store.insertMessage(mine.id, { role: i % 2 ? "assistant" : "user", content: `m${i}`, complete: true });
    await store.compactSession(mine.id, "summary", 2);
    expect((await svc.compactedStats()).messageCount).toBe(4);
    expect(await svc.purge(0)).toBe(4);
    expect((await svc.compactedStats()).messageCount).toBe(0);
    expect(() => svc.purge(-1)).toThrow(RangeError);
  });
});
