import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalFileSystem } from "../../adapters/local-file-system/mod.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { memoryReadTool } from "../memory-read/mod.ts";
import { memoryWriteTool } from "../memory-write/mod.ts";

const fs = new LocalFileSystem();
const dirs = () => ({ project: realpathSync(mkdtempSync(join(tmpdir(), "ursa-mem-p-"))), data: realpathSync(mkdtempSync(join(tmpdir(), "ursa-mem-d-"))) });

describe("memory", () => {
  it("appends to URSA.md when the project has no memory file yet, and reads it back", async () => {
    const { project, data } = dirs();
    const { ctx } = makeToolContext(project);
    const write = memoryWriteTool(fs, data);
    expect((await write.execute({ content: "Run tests with npm test" }, ctx)).output).toBe("Remembered in URSA.md: - Run tests with npm test");
    await write.execute({ content: "Prefer\nsmall commits" }, ctx);
    expect(readFileSync(join(project, "URSA.md"), "utf8")).toBe("- Run tests with npm test\n- Prefer small commits\n");
    const read = await memoryReadTool(fs, data).execute({}, ctx);
    expect(read.output).toBe("# Project memory (URSA.md)\n- Run tests with npm test\n- Prefer small commits\n\n# Global memory\n(empty)");
  });

  it("uses an existing AGENTS.md, and keeps global memory in the data directory", async () => {
    const { project, data } = dirs();
    writeFileSync(join(project, "AGENTS.md"), "# Rules\nno tabs");
    const { ctx } = makeToolContext(project);
    await memoryWriteTool(fs, data).execute({ content: "use pnpm" }, ctx);
    await memoryWriteTool(fs, data).execute({ content: "I am Ada", scope: "global" }, ctx);
    expect(readFileSync(join(project, "AGENTS.md"), "utf8")).toBe("# Rules\nno tabs\n- use pnpm\n");
    expect(readFileSync(join(data, "memory.md"), "utf8")).toBe("- I am Ada\n");
  });
});
