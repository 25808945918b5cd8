import { spawn } from "node:child_process";
import { createClient } from "@libsql/client";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { openLibsqlStore } from "./libsql-store.ts";
import { MIGRATIONS } from "./migrations.ts";

const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const WORKER = fileURLToPath(new URL("./concurrency-worker.ts", import.meta.url));

interface Worker {
  /** Resolves once the worker has started and waits for the go signal. */
  readonly ready: Promise<void>;
  go(): void;
  /** The JSON report the worker printed last; rejects when it failed. */
  readonly report: Promise<unknown>;
}

function startWorker(args: string[]): Worker {
  const child = spawn(TSX, [WORKER, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith("ready\n")) markReady();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const report = new Promise<unknown>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      markReady();
      if (code !== 0) reject(new Error(`worker ${args.join(" ")} exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1)!));
    });
  });
  return { ready, go: () => child.stdin.end("go\n"), report };
}

/** Starts the workers, lets them all go at once, and collects their reports. */
async function runTogether(argsList: string[][]): Promise<unknown[]> {
  const workers = argsList.map(startWorker);
  await Promise.all(workers.map((w) => w.ready));
  for (const worker of workers) worker.go();
  return Promise.all(workers.map((w) => w.report));
}

describe("LibsqlStore across processes", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let dbPath: string;

  beforeEach(async () => {
    dir = await makeTempDir("ursa-store-mp");
    dbPath = join(dir.path, "ursa.db");
  });
  afterEach(async () => {
    await dir.remove();
  });

  it("lets several processes open (and migrate) the same new file at once", async () => {
    const reports = await runTogether(["p1", "p2", "p3", "p4", "p5", "p6"].map((device) => ["open", dbPath, device]));
    expect(reports).toEqual(Array(6).fill({ opened: true }));
    const client = createClient({ url: `file:${dbPath}` });
    try {
      const rows = await client.execute("SELECT version FROM schema_migrations ORDER BY version");
      expect(rows.rows.map((row) => row[0])).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      client.close();
    }
  }, 60_000);

  it("loses nothing when two processes write at the same time", async () => {
    const setup = await openLibsqlStore({ url: `file:${dbPath}`, deviceId: "setup" });
    const shared = await setup.sessions.createSession({ agentName: "main", project: { root: "/work", key: "repo" } });
    await setup.close();

    const reports = (await runTogether([
      ["write", dbPath, "device-a", shared, "300", "2"],
      ["write", dbPath, "device-b", shared, "300", "2"],
    ])) as { own: string; ownIds: string[]; sharedIds: string[] }[];

    const store = await openLibsqlStore({ url: `file:${dbPath}`, deviceId: "check" });
    try {
      for (const [index, report] of reports.entries()) {
        const device = index === 0 ? "device-a" : "device-b";
        expect(report.ownIds).toHaveLength(200);
        expect(report.sharedIds).toHaveLength(100);
        const own = await store.messages.loadAllMessages(report.own);
        expect(own.map((m) => m.id)).toEqual(report.ownIds);
        expect(own.map((m) => m.content)).toEqual(
          Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => `${device} ${i}`),
        );
      }
      const sharedRows = await store.messages.loadAllMessages(shared);
      expect(sharedRows).toHaveLength(200);
      expect(new Set(sharedRows.map((m) => m.id))).toEqual(new Set([...reports[0]!.sharedIds, ...reports[1]!.sharedIds]));
      // Each writer's rows keep their own order inside the shared session.
      for (const report of reports) {
        expect(sharedRows.map((m) => m.id).filter((id) => report.sharedIds.includes(id))).toEqual(report.sharedIds);
      }
      expect((await store.sessions.getSession(shared))!.messageCount).toBe(200);
    } finally {
      await store.close();
    }
  }, 60_000);
});
