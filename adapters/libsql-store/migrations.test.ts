import { createClient, type Client } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, appliedVersions, MIGRATIONS, type Migration } from "./migrations.ts";

describe("applyMigrations", () => {
  let client: Client;
  const now = () => 1_700_000_000_000;
  const tables = async () =>
    (await client.execute("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")).rows.map((row) => row[0]);

  beforeEach(() => {
    client = createClient({ url: ":memory:" });
  });
  afterEach(() => {
    client.close();
  });

  it("applies the shipped migrations and records each version", async () => {
    await applyMigrations(client, MIGRATIONS, now);
    expect(await tables()).toEqual(["file_changes", "kv_store", "messages", "schema_migrations", "session_metadata", "sessions", "sync_outbox", "sync_state", "tombstones"]);
    expect([...(await appliedVersions(client))]).toEqual(MIGRATIONS.map((m) => m.version));
    const recorded = await client.execute("SELECT version, applied_at FROM schema_migrations");
    expect(recorded.rows.map((row) => [row[0], row[1]])).toEqual(MIGRATIONS.map((m) => [m.version, now()]));
  });

  it("migration 6 gives each existing session the device of its first message as its creator, else its last writer's", async () => {
    await applyMigrations(client, MIGRATIONS.filter((m) => m.version < 6), now);
    const session = (id: string, device: string) => client.execute({
      sql: "INSERT INTO sessions (id, agent_name, project_key, project_root, created_at, updated_at, device_id) VALUES (?, 'main', 'k', '/r', 1, 9, ?)",
      args: [id, device],
    });
    const message = (id: string, sessionId: string, sortKey: string, device: string) => client.execute({
      sql: "INSERT INTO messages (id, session_id, sort_key, role, content, created_at, updated_at, device_id) VALUES (?, ?, ?, 'user', 'x', 1, 1, ?)",
      args: [id, sessionId, sortKey, device],
    });
    await session("s1", "laptop");
    await message("m2", "s1", "b", "laptop");
    await message("m1", "s1", "a", "desktop");
    await session("s2", "laptop");
    await applyMigrations(client, MIGRATIONS, now);
    const rows = await client.execute("SELECT id, created_device_id FROM sessions ORDER BY id");
    expect(rows.rows.map((r) => [r[0], r[1]])).toEqual([["s1", "desktop"], ["s2", "laptop"]]);
  });

  it("applies only what is missing, in order", async () => {
    const first: Migration = { version: 1, description: "a", statements: ["CREATE TABLE a (x INTEGER)"] };
    const second: Migration = { version: 2, description: "b", statements: ["CREATE TABLE b (x INTEGER)", "INSERT INTO a VALUES (1)"] };
    await applyMigrations(client, [first], now);
    await applyMigrations(client, [first, second], now);
    await applyMigrations(client, [first, second], now);
    expect(await tables()).toEqual(["a", "b", "schema_migrations"]);
    expect((await client.execute("SELECT count(*) FROM a")).rows[0]![0]).toBe(1);
    expect([...(await appliedVersions(client))]).toEqual([1, 2]);
  });

  it("rolls a failing migration back whole and leaves it unrecorded", async () => {
    const good: Migration = { version: 1, description: "a", statements: ["CREATE TABLE a (x INTEGER)"] };
    const bad: Migration = { version: 2, description: "b", statements: ["CREATE TABLE b (x INTEGER)", "INSERT INTO missing VALUES (1)"] };
    await expect(applyMigrations(client, [good, bad], now)).rejects.toThrow(/missing/);
    expect(await tables()).toEqual(["a", "schema_migrations"]);
    expect([...(await appliedVersions(client))]).toEqual([1]);
  });

  it("refuses versions that are not strictly increasing", async () => {
    const m = (version: number): Migration => ({ version, description: "", statements: [] });
    await expect(applyMigrations(client, [m(1), m(3), m(2)], now)).rejects.toThrow(/increasing/);
    await expect(applyMigrations(client, [m(1), m(1)], now)).rejects.toThrow(/increasing/);
    expect(await tables()).toEqual([]);
  });
});
