import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { localPathOf, lockedResolved } from "./resolved-location.ts";

const project = "/home/ada/src/shop";
const url = (path: string) => pathToFileURL(path).href;

describe("a lockfile entry's resolved location", () => {
  it("is relative to the project for a project's local package inside it, and read back from any checkout", () => {
    expect(lockedResolved(url(`${project}/vendor/echo.tgz`), "project", project)).toBe("./vendor/echo.tgz");
    expect(lockedResolved(url(`${project}/tools/greeter`), "project", project)).toBe("./tools/greeter");
    expect(localPathOf("./vendor/echo.tgz", "/Users/bob/work/shop")).toBe("/Users/bob/work/shop/vendor/echo.tgz");
  });

  it("stays as found in the user's lockfile, outside the project, and for URLs", () => {
    expect(lockedResolved(url(`${project}/vendor/echo.tgz`), "user", project)).toBe(url(`${project}/vendor/echo.tgz`));
    expect(lockedResolved(url("/opt/plugins/echo.tgz"), "project", project)).toBe(url("/opt/plugins/echo.tgz"));
    expect(lockedResolved(url("/home/ada/src/shop-other/x.tgz"), "project", project)).toBe(url("/home/ada/src/shop-other/x.tgz"));
    expect(lockedResolved("https://registry.npmjs.org/x/-/x-1.0.0.tgz", "project", project)).toBe("https://registry.npmjs.org/x/-/x-1.0.0.tgz");
    expect(localPathOf(url("/opt/plugins/echo.tgz"), project)).toBe("/opt/plugins/echo.tgz");
    expect(localPathOf("https://registry.npmjs.org/x/-/x-1.0.0.tgz", project)).toBeNull();
  });
});
