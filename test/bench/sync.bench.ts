import { createClient } from "@libsql/client";
import { startSqld, installSqld, type Sqld } from "../support/sqld.ts";
import { openSyncDevice, type SyncDevice } from "../support/sync-devices.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";
import { row, type BenchRow } from "./measure.ts";

const MESSAGES = 10_000;
const SESSIONS = 20;
/** About 1 KB per message, like a real conversation's rows. */
const BODY = "lorem ipsum dolor sit amet, consectetur adipiscing elit ".repeat(18);
const DEAD_LINK_TIMEOUT_MS = 2_000;

/** Sync against a local sqld (issue 10): push, pull, idle rounds, the insert path, stalls, a dead link. */
export async function syncBenchmarks(runs: number): Promise<BenchRow[]> {
  installSqld();
  const n = Math.max(3, Math.ceil(runs / 5));
  const sqld = await startSqld();
  try {
    const full: number[] = [];
    const incremental: number[] = [];
    const pull: number[] = [];
    const idle: number[] = [];
    const stalls: number[] = [];
    const baseline: number[] = [];
    for (let r = 0; r < n; r++) {
      await dropAll(sqld);
      const a = await openSyncDevice(`bench-a${r}`, { url: sqld.url });
      const b = await openSyncDevice(`bench-b${r}`, { url: sqld.url });
      try {
        const ids = await fill(a, MESSAGES);
        // Let the inserts' own aftermath (timers, collection) pass: the stall measured is sync's.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const stall = watchStalls();
        full.push(await timed(() => a.round("push")));
        pull.push(await timed(() => b.round("pull")));
        stalls.push(stall.stop());
        // The same watch with nothing running: what the machine's load alone costs.
        const idleWatch = watchStalls();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        baseline.push(idleWatch.stop());
        for (let i = 0; i < 3; i++) idle.push(await timed(() => a.round("both")));
        // A turn: a prompt, a reply with a tool call and its result, a few more rows.
        for (let i = 0; i < 3; i++) {
          for (let m = 0; m < 10; m++) await a.store.messages.insertMessage(ids[0]!, { role: m % 2 ? "assistant" : "user", content: BODY, complete: true });
          incremental.push(await timed(() => a.round("push")));
        }
      } finally {
        await a.close();
        await b.close();
      }
    }
    return [
      row(`sync: full push of ${MESSAGES.toLocaleString("en")} messages (~1 KB)`, "ms", full, { max: 1500 }),
      row("sync: incremental push after a turn (10 messages)", "ms", incremental, { max: 20 }),
      row(`sync: pull of ${MESSAGES.toLocaleString("en")} messages onto a new device`, "ms", pull, { max: 1500 }),
      row("sync: a round with nothing to do", "ms", idle, { max: 30 }),
      row("sync: extra cost per stored message with sync on", "ms", await insertCost(n), { max: 0.15 }),
      row("sync: longest event-loop stall during that push and pull", "ms", stalls, { max: 30 }),
      row("sync: (baseline) longest stall of the same watch with nothing running", "ms", baseline),
      row(`sync: dead link detected (fetch timeout ${DEAD_LINK_TIMEOUT_MS / 1000} s)`, "ms", await deadLink(sqld, n), { max: DEAD_LINK_TIMEOUT_MS + 50 }),
    ];
  } finally {
    await sqld.remove();
  }
}

async function fill(d: SyncDevice, messages: number): Promise<string[]> {
  const ids: string[] = [];
  for (let s = 0; s < SESSIONS; s++) ids.push(await d.store.sessions.createSession({ agentName: "main", project: d.project }));
  for (let i = 0; i < messages; i++) {
    await d.store.messages.insertMessage(ids[i % SESSIONS]!, { role: i % 2 ? "assistant" : "user", content: `${i} ${BODY}`, complete: true });
  }
  return ids;
}

/**
 * Milliseconds per insertMessage with the outbox triggers live minus with them inert (sync
 * off), over the same 2,000 inserts, alternating so load drifts hit both sides alike.
 */
async function insertCost(runs: number): Promise<number[]> {
  const off = await openSyncDevice("cost-off", { url: "http://127.0.0.1:9", setup: false });
  const on = await openSyncDevice("cost-on", { url: "http://127.0.0.1:9", setup: false });
  await on.store.syncDatabase.execute("INSERT INTO sync_state (key, value) VALUES ('outbox_device', ?)", [on.deviceId]);
  const inserts = 2_000;
  const perMessage = async (d: SyncDevice) => {
    const id = await d.store.sessions.createSession({ agentName: "main", project: d.project });
    const start = performance.now();
    for (let i = 0; i < inserts; i++) await d.store.messages.insertMessage(id, { role: i % 2 ? "assistant" : "user", content: BODY, complete: true });
    return (performance.now() - start) / inserts;
  };
  try {
    await perMessage(off);
    await perMessage(on);
    const samples: number[] = [];
    for (let r = 0; r < runs * 2; r++) {
      const a = await perMessage(off);
      const b = await perMessage(on);
      samples.push(b - a);
    }
    return samples;
  } finally {
    await off.close();
    await on.close();
  }
}

/** A link that swallows everything (proxy process in blackhole mode): how long until the round says offline. */
async function deadLink(sqld: Sqld, runs: number): Promise<number[]> {
  const proxy = await startTcpProxy(sqld.port);
  const d = await openSyncDevice("dead-link", { url: proxy.url, fetchTimeoutMs: DEAD_LINK_TIMEOUT_MS });
  try {
    await d.store.sessions.createSession({ agentName: "main", project: d.project });
    await proxy.setMode("blackhole");
    const samples: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      const round = await d.round("both");
      samples.push(performance.now() - start);
      if (round.status.state !== "offline") throw new Error(`expected offline over a dead link, got ${round.status.state}`);
    }
    return samples;
  } finally {
    await d.close();
    await proxy.stop();
  }
}

async function timed(fn: () => Promise<{ status: { state: string } }>): Promise<number> {
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  if (result.status.state !== "ok") throw new Error(`sync round ended ${result.status.state}`);
  return ms;
}

/** The longest gap between 1 ms timer ticks: how long the event loop was blocked at a stretch. */
function watchStalls(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    if (process.env["URSA_BENCH_DEBUG"] && t - last > 30) process.stderr.write(`stall ${Math.round(t - last)} ms\n${new Error().stack}\n`);
    longest = Math.max(longest, t - last);
    last = t;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return longest;
    },
  };
}

async function dropAll(sqld: Sqld): Promise<void> {
  const client = createClient({ url: sqld.url });
  const tables = await client.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  if (tables.rows.length > 0) await client.batch(tables.rows.map((r) => `DROP TABLE ${String(r[0])}`), "write");
  client.close();
}

