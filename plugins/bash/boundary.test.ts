import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test/support/engine-harness.ts";
import { textReply, toolReply } from "../../test/fakes/scripted-provider.ts";

/** The real Bash tool in the real engine (auto mode): where its commands may write. */
describe("Bash and the project boundary, through the engine", () => {
  let h: Harness;
  let outside: string;
  let victim: string;

  beforeEach(() => {
    outside = realpathSync(mkdtempSync(join(tmpdir(), "ursa-outside-")));
    victim = join(outside, "victim.txt");
    writeFileSync(victim, "original\n");
  });
  afterEach(async () => {
    await h?.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });

  /** Runs one Bash call, rejecting any approval it asks for. Returns whether it asked, and the result. */
  async function bash(command: string): Promise<{ asked: boolean; output: string }> {
    const from = h.events.length;
    h.provider.push(toolReply([{ name: "Bash", input: { command } }]), textReply("ok"));
    const sub = h.bus.events$.subscribe((e) => {
      if (e.type === "approval_requested") h.session.send({ type: "approval_response", id: e.id, decision: { decision: "reject" } });
    });
    try {
      await h.session.prompt("go");
    } finally {
      sub.unsubscribe();
    }
    const asked = h.events.slice(from).some((e) => e.type === "approval_requested");
    return { asked, output: h.of("tool_call_finished").at(-1)!.output };
  }

  it("refuses outright a command naming a path inside Ursa's data directory, literally or through $URSA_HOME", async () => {
    h = await createHarness({ mode: "auto" });
    writeFileSync(join(h.dataDir, "keys.json"), '{"anthropic":"sk-secret"}');
    for (const command of [`cp ${h.dataDir}/keys.json k.json`, `ln ${h.dataDir}/keys.json k.json`, `sqlite3 ${join(h.dataDir, "ursa.db")} 'delete from messages'`, `cd ${h.dataDir} && cat keys.json`]) {
      const { asked, output } = await bash(command);
      expect(asked).toBe(false);
      expect(output).toMatch(/is inside Ursa's data directory, which tools may not read or change\.$/);
    }
    expect(() => readFileSync(join(h.dir, "k.json"))).toThrow();
  });

  it("asks before writing to a place only run time knows, or through a link made in the same command", async () => {
    h = await createHarness({ mode: "auto" });
    for (const command of [`echo pwned > "$(echo ${outside})/victim.txt"`, `ln -sf ${victim} lnk && echo pwned > lnk`, `ln ${victim} hard.txt && echo pwned > hard.txt`, `D=${outside}; echo pwned > $D/victim.txt`]) {
      expect(await bash(command)).toMatchObject({ asked: true });
    }
    expect(readFileSync(victim, "utf8")).toBe("original\n");
  });

  it("asks before writing through a symlink or a hard link an earlier call made", async () => {
    h = await createHarness({ mode: "auto" });
    expect(await bash(`ln ${victim} hard.txt && ln -s ${victim} soft.txt`)).toMatchObject({ asked: false });
    expect(await bash("echo pwned > hard.txt")).toMatchObject({ asked: true });
    expect(await bash("echo pwned >> soft.txt")).toMatchObject({ asked: true });
    expect(await bash("echo fine > mine.txt")).toMatchObject({ asked: false });
    expect(readFileSync(victim, "utf8")).toBe("original\n");
    expect(readFileSync(join(h.dir, "mine.txt"), "utf8")).toBe("fine\n");
  });
});
