// A TCP proxy in its own process, for network-cut tests. (In the test's own process it would
// share the event loop with the client under test, and a synchronous native client could
// deadlock against it.) Usage: node tcp-proxy.mjs <target port>; prints its port on stdout,
// then reads modes from stdin, one per line, answering "ok <mode>":
//   pass       forward both ways
//   swallow    forward requests to the server, drop its replies (the server commits, the client never hears)
//   swallow-writes  like pass, but once a request on a connection holds a sync push (it bumps
//              sync_clock), that connection's replies are dropped: the push commits unheard
//   blackhole  accept connections and say nothing, ever
// Every mode change cuts the connections open at the time.
import { createConnection, createServer } from "node:net";
import { createInterface } from "node:readline";

const target = Number(process.argv[2]);
let mode = "pass";
const open = new Set();

const server = createServer((client) => {
  open.add(client);
  client.on("close", () => open.delete(client));
  client.on("error", () => {});
  if (mode === "blackhole") {
    client.on("data", () => {});
    return;
  }
  const upstream = createConnection({ host: "127.0.0.1", port: target });
  open.add(upstream);
  upstream.on("close", () => { open.delete(upstream); client.destroy(); });
  upstream.on("error", () => client.destroy());
  client.on("close", () => upstream.destroy());
  client.on("data", (chunk) => upstream.write(chunk));
  let swallowing = mode === "swallow";
  const watchWrites = mode === "swallow-writes";
  client.on("data", (chunk) => { if (watchWrites && chunk.includes("sync_clock SET seq")) swallowing = true; });
  upstream.on("data", (chunk) => { if (!swallowing) client.write(chunk); });
});

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});

createInterface({ input: process.stdin }).on("line", (line) => {
  mode = line.trim();
  for (const socket of open) socket.destroy();
  open.clear();
  process.stdout.write(`ok ${mode}\n`);
});
process.stdin.on("end", () => process.exit(0));
