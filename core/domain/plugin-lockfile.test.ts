import { describe, expect, it } from "vitest";
import { LOCKFILE_VERSION, parseLockfile } from "./plugin-lockfile.ts";

describe("parseLockfile (the installer's and the sandbox's one reading of plugins.lock.json)", () => {
  it("returns the entries by id", () => {
    expect(parseLockfile('{"lockfileVersion": 1, "plugins": {"a.b": {"id": "a.b"}}}')).toEqual({ lockfileVersion: LOCKFILE_VERSION, plugins: { "a.b": { id: "a.b" } } });
  });

  it("says in one phrase what is wrong with a damaged file", () => {
    expect(() => parseLockfile("{nope")).toThrow(/^is not valid JSON \(.+\)$/);
    expect(() => parseLockfile("[]")).toThrow('is not an Ursa plugin lockfile (no "plugins" object)');
    expect(() => parseLockfile('{"lockfileVersion": 1, "plugins": null}')).toThrow('is not an Ursa plugin lockfile (no "plugins" object)');
    expect(() => parseLockfile('{"lockfileVersion": 1, "plugins": []}')).toThrow('is not an Ursa plugin lockfile (no "plugins" object)');
    expect(() => parseLockfile('{"lockfileVersion": 2, "plugins": {}}')).toThrow("has lockfileVersion 2; this Ursa reads version 1");
  });
});
