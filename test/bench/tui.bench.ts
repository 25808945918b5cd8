import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { openLibsqlStore } from "../../adapters/libsql-store/mod.ts";
import { recordTurnUsage } from "../../core/application/turn-usage-record.ts";
import { ZERO_USAGE } from "../../core/domain/usage.ts";
import { PtyTerminal } from "../../ui/tui/testing/pty-terminal.ts";
import { BUNDLE, tempDir } from "../support/cli.ts";
import { row, type BenchRow } from "./measure.ts";

const COLS = 160;
const ROWS = 48;
const RATE = 2_000;
/** The spec's 30 s; URSA_BENCH_TUI_STREAM_S shortens it for a quick run. */
const STREAM_SECONDS = Number(process.env["URSA_BENCH_TUI_STREAM_S"] ?? 30);
const BIG_SESSION = 10_000;
const CLOCK_TICKS = 100;

/**
 * The dashboard as users start it: the built bundle in a 160×48 pseudo terminal. First frame,
 * memory, CPU while a reply streams fast, and opening a long session. A "token" in the stream
 * is one word of 5 characters plus a space.
 */
export async function tuiBenchmarks(runs: number): Promise<BenchRow[]> {
  const heavyRuns = Math.max(3, Math.ceil(runs / 3));
  const stream = await streaming();
  const frames = await firstFrames(runs);
  const memory = await rss(heavyRuns);
  return [
    row("dashboard: first frame in a 160×48 pty (bundle, Node)", "ms", frames.ursa, { max: 250 }),
    row("  baseline: a bare blessed box, same harness, same run", "ms", frames.bare),
    row("  dashboard ÷ baseline, first frame (pairs run alternately)", "×", ratios(frames), { max: 1.25 }),
    row("dashboard: RSS 3 s after start", "MiB", memory.ursa, { max: 100 }),
    row("  baseline: a bare blessed box 3 s after start", "MiB", memory.bare),
    row("  dashboard ÷ baseline, RSS", "×", ratios(memory), { max: 1.4 }),
    row(`dashboard: process CPU while streaming ${RATE} tokens/s for ${STREAM_SECONDS} s`, "%", [stream.cpuPct], { max: 30 }),
    row(`dashboard: words of that reply never drawn (paged back over all ${stream.words.toLocaleString("en")})`, "%", [stream.missingPct], { max: 0 }),
    row("dashboard: last streamed word on screen after it was sent", "ms", [stream.lagMs], { max: 100 }),
    row(`dashboard: open a ${BIG_SESSION.toLocaleString("en")}-message session (Enter to last message drawn)`, "ms", await openBigSession(heavyRuns), { max: 300 }),
  ];
}

function env(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env["PATH"] ?? "", HOME: home, URSA_HOME: home, TERM: "xterm-256color", LANG: "C.UTF-8", ANTHROPIC_API_KEY: "sk-bench", ANTHROPIC_BASE_URL: "http://127.0.0.1:9", ...extra };
}

function launch(home: string, project: string, extra: Record<string, string> = {}, program = BUNDLE): PtyTerminal {
  return new PtyTerminal(process.execPath, [program], { cwd: project, cols: COLS, rows: ROWS, env: env(home, extra) });
}

/** The baseline the issue measures against: a bare blessed box drawn by the same harness. */
const BARE_BLESSED = join(import.meta.dirname, "bare-blessed.mjs");

interface Paired {
  readonly ursa: number[];
  readonly bare: number[];
}

/** Each dashboard sample over the baseline sample taken right after it. */
function ratios(p: Paired): number[] {
  return p.ursa.map((u, i) => u / p.bare[i]!);
}

/** First frame of the dashboard and of the baseline, alternately, so both see the same load. */
export async function firstFrames(runs: number): Promise<Paired> {
  const home = tempDir("ursa-bench-home-");
  const project = tempDir("ursa-bench-project-");
  const out: Paired = { ursa: [], bare: [] };
  const once = async (program: string): Promise<number> => {
    const started = performance.now();
    const t = launch(home, project, {}, program);
    const ms = await t.timeUntil((s) => s.includes("● Input"), started);
    t.dispose();
    await t.exited;
    return ms;
  };
  for (let i = -1; i < runs; i++) {
    const ursa = await once(BUNDLE);
    const bare = await once(BARE_BLESSED);
    if (i >= 0) {
      out.ursa.push(ursa);
      out.bare.push(bare);
    }
  }
  return out;
}

export async function rss(runs: number): Promise<Paired> {
  const home = tempDir("ursa-bench-home-");
  const project = tempDir("ursa-bench-project-");
  const out: Paired = { ursa: [], bare: [] };
  const once = async (program: string): Promise<number> => {
    const t = launch(home, project, {}, program);
    await t.waitFor("● Input");
    await new Promise((r) => setTimeout(r, 3_000));
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${t.pid}/status`, "utf8"))![1]);
    t.dispose();
    await t.exited;
    return kb / 1024;
  };
  for (let i = 0; i < runs; i++) {
    out.ursa.push(await once(BUNDLE));
    out.bare.push(await once(BARE_BLESSED));
  }
  return out;
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const word = (i: number): string => `w${i.toString(36).padStart(4, "0")}`;

async function streaming(): Promise<{ cpuPct: number; missingPct: number; lagMs: number; words: number }> {
  const total = RATE * STREAM_SECONDS;
  const server = await sseServer(total);
  const home = tempDir("ursa-bench-home-");
  const t = launch(home, tempDir("ursa-bench-project-"), { ANTHROPIC_BASE_URL: server.url });
  try {
    await t.waitFor("● Input");
    t.type("stream now");
    t.type("\r");
    await server.started;
    const cpu0 = cpuSeconds(t.pid);
    const wall0 = performance.now();
    const last = word(total - 1);
    const lastDrawn = t.timeUntil((s) => s.includes(last), 0, (STREAM_SECONDS + 60) * 1000);
    await server.finished;
    const sentAt = performance.now();
    const cpu = cpuSeconds(t.pid) - cpu0;
    const wall = (performance.now() - wall0) / 1000;
    const lagMs = Math.max(0, (await lastDrawn) - sentAt);
    return { cpuPct: (cpu / wall) * 100, missingPct: (await readBack(t, total)) * 100, lagMs, words: total };
  } finally {
    t.dispose();
    await new Promise<void>((r) => server.server.close(() => r()));
  }
}

/**
 * Pages the conversation back to the start of the reply and returns the share of words never
 * seen on screen: the whole reply must have been rendered, in order, with nothing dropped.
 */
async function readBack(t: PtyTerminal, total: number): Promise<number> {
  const seen = new Set<number>();
  t.type("\t"); // input → conversation
  await t.waitFor("● Conversation");
  for (let page = 0; page < total; page++) {
    const screen = await settled(t);
    const ids = [...screen.matchAll(/\bw([0-9a-z]{4})\b/g)].map((m) => parseInt(m[1]!, 36));
    for (let i = 1; i < ids.length; i++) {
      if (ids[i] !== ids[i - 1]! + 1) throw new Error(`words out of order on screen (${word(ids[i - 1]!)} then ${word(ids[i]!)}):\n${screen}`);
    }
    for (const id of ids) seen.add(id);
    if (ids[0] === 0) break;
    const changed = t.timeUntil((s) => s !== screen, 0, 5_000);
    t.type("\x1b[5~"); // PgUp
    await changed;
  }
  return (total - seen.size) / total;
}

/** The screen once a frame has fully arrived (a frame can reach the pty in several chunks). */
async function settled(t: PtyTerminal): Promise<string> {
  let before = t.text();
  for (;;) {
    await new Promise((r) => setTimeout(r, 30));
    const now = t.text();
    if (now === before) return now;
    before = now;
  }
}

/** An Anthropic Messages endpoint that streams `total` words at RATE per second, paced by the clock. */
async function sseServer(total: number): Promise<{ server: Server; url: string; started: Promise<void>; finished: Promise<void> }> {
  let started: () => void = () => undefined;
  let finished: () => void = () => undefined;
  const startedP = new Promise<void>((r) => (started = r));
  const finishedP = new Promise<void>((r) => (finished = r));
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": "req_bench" });
      const ev = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      ev("message_start", { message: { id: "msg_bench", type: "message", role: "assistant", model: "claude-bench", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } } });
      ev("content_block_start", { index: 0, content_block: { type: "text", text: "", citations: null } });
      started();
      const t0 = performance.now();
      let sent = 0;
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * RATE));
        let text = "";
        for (; sent < due; sent++) text += `${word(sent)}${sent % 20 === 19 ? "\n" : " "}`;
        if (text) ev("content_block_delta", { index: 0, delta: { type: "text_delta", text } });
        if (sent < total) return;
        clearInterval(tick);
        ev("content_block_stop", { index: 0 });
        ev("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: total } });
        ev("message_stop", {});
        res.end();
        finished();
      }, 10);
      res.on("close", () => clearInterval(tick));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}`, started: startedP, finished: finishedP };
}

/** A session of BIG_SESSION messages, each reply ending a turn with its usage line stored (as a real session has). */
export async function openBigSession(runs: number): Promise<number[]> {
  const home = tempDir("ursa-bench-home-");
  const project = tempDir("ursa-bench-project-");
  const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "bench" });
  try {
    const id = await store.sessions.createSession({ agentName: "main", project: { root: project, key: `path:${project}` }, mode: "safe" });
    await store.sessions.setSessionTitle(id, "big session");
    for (let i = 0; i < BIG_SESSION; i++) {
      const content = i % 2 ? `Reply ${i}: some **markdown** with \`code\`\n- a point\n- another point ${"lorem ipsum ".repeat(8)}` : `message ${i} ${"question ".repeat(10)}`;
      await store.messages.insertMessage(id, { role: i % 2 ? "assistant" : "user", content, complete: true });
      if (i % 2) await recordTurnUsage(store, id, { usage: { ...ZERO_USAGE, promptTokens: 1_200 + i, completionTokens: 300 }, costUsd: 0.0123, elapsedMs: 4_200, tokensPerSecond: 71 });
    }
  } finally {
    await store.close();
  }
  const samples: number[] = [];
  for (let i = -1; i < runs; i++) {
    const t = launch(home, project);
    try {
      await t.waitFor(/● Input[\s\S]*|big session/);
      await t.waitFor("big session");
      t.type("\t\t");
      await t.waitFor("● Sessions");
      const start = performance.now();
      const done = t.timeUntil((s) => s.includes(`Reply ${BIG_SESSION - 1}:`), start);
      t.type("\r");
      const ms = await done;
      if (i >= 0) samples.push(ms);
    } finally {
      t.dispose();
      await t.exited;
    }
  }
  return samples;
}
