import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { lockfilePath, readLockfile, updateLockfile } from "./lockfile.ts";

const temp = await makeTempDir("ursa-lockfile");
afterAll(() => temp.remove());

describe("the lockfile", () => {
  it("lives in the data directory for the user and in .ursa/ for a project", () => {
    expect(lockfilePath({ dataDir: "/d" })).toBe("/d/plugins.lock.json");
    expect(lockfilePath({ projectRoot: "/p" })).toBe("/p/.ursa/plugins.lock.json");
  });

  it("is empty when missing, written atomically and sorted by id, with no temporary file left", async () => {
    const path = join(temp.path, "project", ".ursa", "plugins.lock.json");
    expect(await readLockfile(path)).toEqual({ lockfileVersion: 1, plugins: {} });
    await updateLockfile(path, (plugins) => {
      plugins["z.last"] = { id: "z.last" } as never;
      plugins["a.first"] = { id: "a.first" } as never;
    });
    expect(readFileSync(path, "utf8")).toBe('{\n  "lockfileVersion": 1,\n  "plugins": {\n    "a.first": {\n      "id": "a.first"\n    },\n    "z.last": {\n      "id": "z.last"\n    }\n  }\n}\n');
    expect(readdirSync(join(temp.path, "project", ".ursa"))).toEqual(["plugins.lock.json"]);
  });

  it("keeps both of two changes made at the same time", async () => {
    const path = join(temp.path, "concurrent", "plugins.lock.json");
    await Promise.all(["a.one", "b.two", "c.three"].map((id) => updateLockfile(path, (plugins) => {
      plugins[id] = { id } as never;
    })));
    expect(Object.keys((await readLockfile(path)).plugins)).toEqual(["a.one", "b.two", "c.three"]);
    expect(readdirSync(join(temp.path, "concurrent"))).toEqual(["plugins.lock.json"]);
  });

  it("refuses a damaged or unknown lockfile in one line instead of replacing it", async () => {
    const path = join(temp.path, "bad.json");
    writeFileSync(path, "{ not json");
    await expect(readLockfile(path)).rejects.toThrow(new RegExp(`^${path} is not valid JSON \\(.+\\); fix or remove it$`));
    writeFileSync(path, '{"lockfileVersion": 2, "plugins": {}}');
    await expect(readLockfile(path)).rejects.toThrow(`${path} has lockfileVersion 2; this Ursa reads version 1`);
    await expect(updateLockfile(path, () => {})).rejects.toThrow(/lockfileVersion 2/);
    expect(readFileSync(path, "utf8")).toBe('{"lockfileVersion": 2, "plugins": {}}');
  });
});
