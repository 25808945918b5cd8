import { createClient } from "@libsql/client";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/cli.ts";
import { explainStorageError } from "./storage-errors.ts";

describe("storage errors", () => {
  it("turns a real full-disk failure into a line that says what to do, keeping the cause", async () => {
    const path = join(tempDir("ursa-full-"), "full.db");
    const client = createClient({ url: `file:${path}` });
    try {
      // A database capped at a few pages fails exactly as a full disk does.
      await client.execute("CREATE TABLE t (x TEXT)");
      await client.execute("PRAGMA max_page_count = 3");
      let failure: unknown;
      try {
        for (let i = 0; i < 50; i++) await client.execute({ sql: "INSERT INTO t VALUES (?)", args: ["x".repeat(4000)] });
      } catch (error) {
        failure = error;
      }
      const explained = explainStorageError(failure, path) as Error;
      expect(explained.message).toBe(`The disk is full: Ursa could not save to ${path}. Free some space and try again; nothing saved earlier was lost (SQLITE_FULL)`);
      expect(explained.cause).toBe(failure);
    } finally {
      client.close();
    }
  });

  it("leaves errors it does not know alone", () => {
    const plain = new Error("something else");
    expect(explainStorageError(plain, "/x.db")).toBe(plain);
    expect(explainStorageError(Object.assign(new Error("x"), { code: "SQLITE_CONSTRAINT" }), "/x.db")).toMatchObject({ code: "SQLITE_CONSTRAINT" });
  });
});
