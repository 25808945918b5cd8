import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { running } from "../support/process-liveness.ts";
import { startSqld, type Sqld } from "../support/sqld.ts";

describe("the sqld test fixture", () => {
  let sqld: Sqld;
  beforeAll(async () => {
    sqld = await startSqld();
  });
  afterAll(async () => {
    await sqld?.remove();
  });

  it("serves Hrana over http, survives a SIGKILL and restarts on the same data", async () => {
    const client = createClient({ url: sqld.url });
    await client.execute("CREATE TABLE t (v TEXT)");
    await client.execute({ sql: "INSERT INTO t VALUES (?)", args: ["kept"] });
    client.close();

    const before = sqld.pid!;
    await sqld.stop();
    expect(running(before)).toBe(false);
    expect(sqld.pid).toBeNull();
    await expect(fetch(`${sqld.url}/health`)).rejects.toThrow();

    await sqld.restart();
    expect(sqld.pid).not.toBe(before);
    const again = createClient({ url: sqld.url });
    const rows = await again.execute("SELECT v FROM t");
    again.close();
    expect(rows.rows.map((r) => r["v"])).toEqual(["kept"]);
  });
});
