/**
 * The status bar asks a local server for its first model: quitting while that server hangs
 * must not leave the request (and so the process) waiting for its timeout.
 */
import { createServer, type IncomingMessage } from "node:http";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { SessionService } from "../../core/application/session-service.ts";
import { SILENT_LOGGER } from "../../core/ports/logger.ts";
import { ConfiguredProviders } from "../../adapters/main/providers.ts";
import { createHarness, type Harness } from "../../test/support/engine-harness.ts";
import { runTui } from "./run-tui.ts";
import { VirtualTerminal } from "./testing/virtual-terminal.ts";

let h: Harness;
let vt: VirtualTerminal;
beforeEach(async () => {
  h = await createHarness({ mode: "safe" });
  vt = new VirtualTerminal(160, 48);
});
afterEach(async () => {
  vt.dispose();
  await h.cleanup();
});

/** A local server that takes GET /v1/models and never answers it. */
async function hangingServer(): Promise<{ url: string; asked: Promise<IncomingMessage>; closedByClient: Promise<void>; close(): Promise<void> }> {
  let seen: (request: IncomingMessage) => void = () => undefined;
  let dropped: () => void = () => undefined;
  const asked = new Promise<IncomingMessage>((r) => (seen = r));
  const closedByClient = new Promise<void>((r) => (dropped = r));
  const server = createServer((request) => {
    request.socket.on("close", () => dropped());
    seen(request);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    url,
    asked,
    closedByClient,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

it("quitting while a local server has not listed its models aborts that request at once (not at its timeout)", async () => {
  const vllm = await hangingServer();
  try {
    const providers = new ConfiguredProviders({ env: {}, keys: {}, maxTokens: 4_096, baseUrl: { provider: "vllm", url: vllm.url } });
    let asking: AbortSignal | null = null;
    const registry = {
      names: () => providers.names(),
      resolve: providers.resolve.bind(providers),
      models: (name: string, signal: AbortSignal) => {
        asking = signal;
        return providers.models(name, signal);
      },
    };
    const sessions = new SessionService({ sessions: h.store.sessions, messages: h.store.messages, agent: h.session.agent, providers: registry, makeSession: ({ id, mode }) => h.newSessionFor(id, { mode }) });
    const exit = runTui({
      engine: async () => ({ sessions, events: h.bus }),
      log: SILENT_LOGGER,
      projectRoot: h.dir,
      defaultMode: "safe",
      provider: "vllm",
      model: "",
      providerProblem: null,
      layoutFile: join(mkdtempSync(join(tmpdir(), "ursa-layout-")), "tui-layout.json"),
      noColor: true,
      input: vt.streams.input,
      output: vt.streams.output,
      terminal: "xterm-256color",
      ownProcess: false,
    });
    await vt.waitFor("● Input");
    expect((await vllm.asked).url).toBe("/v1/models");
    vt.type("\x04");
    expect(await exit).toBe(0);
    // Aborted by the dashboard closing, not by the wait running out (a TimeoutError).
    const signal = asking as AbortSignal | null;
    expect(signal?.aborted).toBe(true);
    expect((signal?.reason as Error).name).not.toBe("TimeoutError");
    await vllm.closedByClient;
  } finally {
    await vllm.close();
  }
});
