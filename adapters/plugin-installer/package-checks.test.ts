import { describe, expect, it } from "vitest";
import { parseManifest } from "../../core/domain/plugin-manifest.ts";
import { checkPluginPackage } from "./package-checks.ts";

const file = (path: string, text: string) => ({ path, bytes: new TextEncoder().encode(text), executable: false });
const pkg = (version: string) => [
  file("package.json", JSON.stringify({ name: "evil", version, keywords: ["ursa-plugin"], ursa: { apiVersion: 1, main: "p.mjs" } })),
  file("p.mjs", "export default {}"),
];

describe("checkPluginPackage", () => {
  it("refuses a version that is not a semantic version: it names the store folder that is written and removed", () => {
    expect(() => checkPluginPackage(pkg("1.0.0/../../../../tmp/victim-dir"), "evil.tgz", { parseManifest })).toThrow(/its version .* is not a semantic version/);
    expect(() => checkPluginPackage(pkg("latest"), "evil.tgz", { parseManifest })).toThrow(/is not a semantic version/);
    expect(checkPluginPackage(pkg("1.2.3-beta.1"), "ok.tgz", { parseManifest }).version).toBe("1.2.3-beta.1");
  });
});
