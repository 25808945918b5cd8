/**
 * A separate process for the multi-process tests (run with tsx):
 *   concurrency-worker.ts open  <dbPath> <deviceId>
 *   concurrency-worker.ts write <dbPath> <deviceId> <sharedSessionId> <count> <writers>
 * It prints "ready" and waits for a line on stdin, so that all workers start together. "open" then
 * opens the store (racing the migrations). "write" has opened it before "ready" and writes `count`
 * messages, every third into the shared session; after its first shared message it waits until all
 * `writers` have written theirs, so the write phases are sure to overlap even on a loaded machine.
 * The last line printed is a JSON report.
 */
import { createInterface } from "node:readline";
import { openLibsqlStore } from "./libsql-store.ts";

const [mode, dbPath, deviceId, sharedSessionId, countText, writersText] = process.argv.slice(2);
if ((mode !== "open" && mode !== "write") || !dbPath || !deviceId) throw new Error("usage: open|write <dbPath> <deviceId> [shared count writers]");

const openStore = () => openLibsqlStore({ url: `file:${dbPath}`, deviceId });
const early = mode === "write" ? await openStore() : null;

const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.once("line", () => resolve()));
process.stdout.write("ready\n");
await go;
lines.close();

const store = early ?? (await openStore());
if (mode === "write") {
  const own = await store.sessions.createSession({ agentName: deviceId, project: { root: "/work", key: "repo" } });
  const ownIds: string[] = [];
  const sharedIds: string[] = [];
  for (let i = 0; i < Number(countText); i++) {
    if (i % 3 === 0) sharedIds.push(await store.messages.insertMessage(sharedSessionId!, { role: "user", content: `${deviceId} ${i}`, complete: true }));
    else ownIds.push(await store.messages.insertMessage(own, { role: "user", content: `${deviceId} ${i}`, complete: true }));
    while (i === 0 && (await store.messages.loadAllMessages(sharedSessionId!)).length < Number(writersText)) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  process.stdout.write(`${JSON.stringify({ own, ownIds, sharedIds })}\n`);
} else {
  process.stdout.write(`${JSON.stringify({ opened: true })}\n`);
}
await store.close();
