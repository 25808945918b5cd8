import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = join(ROOT, "node_modules/.bin/depcruise");

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(cwd: string, dirs: string[]): Violation[] {
  let out: string;
  try {
    out = execFileSync(DEPCRUISE, [...dirs, "--config", CONFIG, "--output-type", "json"], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // depcruise exits non-zero when it finds errors; the JSON report is still on stdout.
    out = (error as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

describe("architecture", () => {
  it("the tree keeps every dependency rule", () => {
    const violations = cruise(ROOT, ["core", "adapters", "plugins", "ui", "test"]);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it("core mentions no runtime global", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith(".ts") && !path.endsWith(".test.ts")) {
          const text = readFileSync(path, "utf8");
          if (/\bDeno\.\w|\bprocess\.\w|\bBuffer\b|\brequire\(|\bwindow\.\w|\bdocument\.\w/.test(text)) offenders.push(path);
        }
      }
    };
    walk(join(ROOT, "core"));
    expect(offenders).toEqual([]);
  });

  describe("the rules catch planted violations", () => {
    const fixture = mkdtempSync(join(tmpdir(), "ursa-arch-"));
    afterAll(() => rmSync(fixture, { recursive: true, force: true }));
    const files: Record<string, string> = {
      "core/domain/a.ts": `import "../ports/p.ts";\nexport const a = 1;`,
      "core/ports/p.ts": `import "../application/s.ts";\nexport const p = 1;`,
      "core/application/s.ts": `import { readFileSync } from "node:fs";\nexport const s = readFileSync;`,
      "core/plugin-api/mod.ts": `export const api = 1;`,
      "plugins/one/mod.ts": `import "../../core/application/s.ts";\nimport "../two/mod.ts";\nimport { join } from "node:path";\nexport const one = join;`,
      "plugins/two/mod.ts": `import "../../core/plugin-api/mod.ts";\nexport const two = 2;`,
      "adapters/x/x.ts": `import "../y/y.ts";\nimport "../../core/application/s.ts";\nexport const x = 1;`,
      "adapters/y/y.ts": `export const y = 1;`,
      "adapters/main/main.ts": `export const main = 1;`,
      "ui/tui/view.ts": `import "../../adapters/main/main.ts";\nimport "../../core/application/s.ts";\nexport const view = 1;`,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(fixture, path)), { recursive: true });
      writeFileSync(join(fixture, path), text);
    }
    writeFileSync(join(fixture, "tsconfig.json"), readFileSync(join(ROOT, "tsconfig.json")));
    const found = new Set(cruise(fixture, ["core", "adapters", "plugins", "ui"]).map((v) => `${v.rule.name} ${v.from}`));

    it.each([
      ["core-imports-only-core-and-rxjs", "core/application/s.ts"],
      ["domain-is-innermost", "core/domain/a.ts"],
      ["ports-do-not-know-services", "core/ports/p.ts"],
      ["plugins-see-only-the-plugin-api", "plugins/one/mod.ts"],
      ["plugins-use-capabilities-not-the-runtime", "plugins/one/mod.ts"],
      ["plugins-are-independent", "plugins/one/mod.ts"],
      ["adapters-implement-ports-only", "adapters/x/x.ts"],
      ["ui-drives-through-ports", "ui/tui/view.ts"],
      ["nobody-imports-the-composition-root", "ui/tui/view.ts"],
    ])("%s fires for %s", (rule, from) => {
      expect(found).toContain(`${rule} ${from}`);
    });
  });
});
