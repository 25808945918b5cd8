import { describe, expect, it } from "vitest";
import { parsePluginSpec } from "./spec.ts";

const parse = (spec: string) => parsePluginSpec(spec, "/work/project", "/home/ada");

describe("plugin specs", () => {
  it("reads npm names, scoped or not, with a version, a range, a tag or nothing", () => {
    expect(parse("npm:left-pad")).toEqual({ kind: "npm", spec: "npm:left-pad", name: "left-pad", range: "latest" });
    expect(parse("npm:@acme/ursa-jira@^1.2.0")).toMatchObject({ name: "@acme/ursa-jira", range: "^1.2.0" });
    expect(parse("npm:@acme/ursa-jira")).toMatchObject({ name: "@acme/ursa-jira", range: "latest" });
    expect(parse("npm:tool@1.0.0")).toMatchObject({ name: "tool", range: "1.0.0" });
    expect(parse("npm:tool@next")).toMatchObject({ name: "tool", range: "next" });
  });

  it("resolves folders and tarballs against the working directory or the home folder", () => {
    expect(parse("./greeter")).toEqual({ kind: "dir", spec: "./greeter", path: "/work/project/greeter" });
    expect(parse("../x/plugin-1.0.0.tgz")).toEqual({ kind: "file", spec: "../x/plugin-1.0.0.tgz", path: "/work/x/plugin-1.0.0.tgz" });
    expect(parse("~/plugins/p.tar.gz")).toMatchObject({ kind: "file", path: "/home/ada/plugins/p.tar.gz" });
    expect(parse("/abs/dir")).toMatchObject({ kind: "dir", path: "/abs/dir" });
    expect(parse("file:///abs/p.tgz")).toMatchObject({ kind: "file", path: "/abs/p.tgz" });
  });

  it("takes https URLs, and plain http only on this machine", () => {
    expect(parse("https://example.com/p.tgz#sha512-abc")).toEqual({ kind: "url", spec: "https://example.com/p.tgz#sha512-abc", url: "https://example.com/p.tgz#sha512-abc" });
    expect(parse("http://127.0.0.1:4873/p.tgz")).toMatchObject({ kind: "url" });
    expect(() => parse("http://example.com/p.tgz")).toThrow('"http://example.com/p.tgz" must use https:// (plain http is accepted only for localhost)');
  });

  it("refuses what it cannot understand, saying what it takes", () => {
    expect(() => parse("greeter")).toThrow('"greeter" is not a plugin spec; use npm:<name>[@version], ./dir, ./file.tgz or https://…/file.tgz');
    expect(() => parse("npm:Bad Name")).toThrow('"Bad Name" is not a valid npm package name (in npm:Bad Name)');
    expect(() => parse("npm:tool@")).toThrow("npm:tool@ has an empty version after \"@\"");
  });
});
