import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MESSAGE_LOG } from "../../core/ports/message-log.ts";
import { SESSION_CATALOG } from "../../core/ports/session-catalog.ts";
import { SYNC_SERVICE } from "../../core/ports/sync.ts";
import { tempDir } from "../../test/support/cli.ts";
import { startSqld, type Sqld } from "../../test/support/sqld.ts";
import { serverClient } from "../../test/support/sync-devices.ts";
import { parseCliArgs } from "./cli-args.ts";
import { loadConfig } from "./config.ts";
import { createContainer } from "./container.ts";
import { resolve } from "./provide.ts";

describe("the composition root's sync service", () => {
  let sqld: Sqld;
  beforeAll(async () => {
    sqld = await startSqld();
  });
  afterAll(async () => {
    await sqld?.remove();
  });

  const containerWith = (env: Record<string, string>) => {
    const home = tempDir("ursa-home-");
    return createContainer(loadConfig(parseCliArgs([]), { URSA_HOME: home, HOME: home, ...env }, tempDir("ursa-project-")));
  };

  it("is off without URSA_SYNC_URL or a stored URL, whatever TURSO_* and LIBSQL_* say", async () => {
    const container = containerWith({ TURSO_DATABASE_URL: sqld.url, LIBSQL_URL: sqld.url, TURSO_AUTH_TOKEN: "t", LIBSQL_AUTH_TOKEN: "t" });
    try {
      const sync = await resolve(container, SYNC_SERVICE);
      expect(await sync.status(AbortSignal.timeout(1000))).toMatchObject({ state: "off", url: null, queued: 0 });
      expect((await sync.round("both", AbortSignal.timeout(5000))).status.state).toBe("off");
    } finally {
      await container.unbindAllAsync();
    }
  });

  it("syncs to URSA_SYNC_URL and redacts this machine's provider key", async () => {
    const key = "sk-local-provider-key-for-redaction";
    const container = containerWith({ URSA_SYNC_URL: sqld.url, ANTHROPIC_API_KEY: key });
    const server = serverClient(sqld.url);
    try {
      const sync = await resolve(container, SYNC_SERVICE);
      const id = await (await resolve(container, SESSION_CATALOG)).createSession({ agentName: "main", project: { root: "/p", key: "path:/p" } });
      await (await resolve(container, MESSAGE_LOG)).insertMessage(id, { role: "user", content: `use key ${key.slice(0, 3)}${key.slice(3)} please`, complete: true });
      expect((await sync.setup(sqld.url, null, AbortSignal.timeout(10_000))).state).toBe("ok");
      const round = await sync.round("both", AbortSignal.timeout(10_000));
      expect(round.status).toMatchObject({ state: "ok", url: sqld.url, queued: 0 });
      const contents = (await server.execute({ sql: "SELECT content FROM messages WHERE session_id = ?", args: [id] })).rows.map((r) => r[0]);
      expect(contents).toEqual(["use key [REDACTED] please"]);
    } finally {
      server.close();
      await container.unbindAllAsync();
    }
  });
});
