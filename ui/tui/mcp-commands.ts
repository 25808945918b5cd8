import { parseMcpCommand, type McpDashboardCommand } from "../commands/mcp-grammar.ts";
import type { AppContext } from "./app-context.ts";
import { counted } from "../../core/domain/format.ts";

const USAGE = `/mcp — list servers · /mcp add <name> [--env K=V] [--enable-tools a,b] -- <command> [args…] · /mcp add-http <name> <url> [--header K:V]…
/mcp remove <name> · /mcp reconnect <name> · /mcp resources [server] · /mcp attach <server> <uri>
/mcp prompts [server] · /mcp prompt <server> <name> [key=value…]`;

/** `/mcp …`: the servers every session shares, managed without a restart (the grammar of `ursa mcp`: ui/commands/mcp-grammar.ts). */
export function runMcpCommand(app: AppContext, args: string): void {
  const mcp = app.mcp();
  if (!mcp) return app.say("info", "MCP is not ready yet; try again in a moment.");
  const words = splitWords(args);
  let command: McpDashboardCommand;
  try {
    command = parseMcpCommand(words.length > 0 ? words : ["list"], "dashboard");
  } catch (error) {
    return app.say("warn", (error as Error).message);
  }
  const report = (work: Promise<string>): void => {
    work.then(
      (text) => {
        app.say("info", text);
        app.redraw();
      },
      (e: Error) => app.say("error", e.message),
    );
  };
  switch (command.kind) {
    case "help":
      return app.say("info", USAGE);
    case "list": {
      const servers = mcp.status();
      if (servers.length === 0) return app.say("info", `No MCP servers. Add one with /mcp add <name> -- <command> [args…].\n${USAGE}`);
      const lines = servers.map((s) => `${s.state === "connected" ? "●" : s.state === "failed" ? "✗" : "○"} ${s.name} (${s.transport}) ${s.state}, ${counted(s.toolCount, "tool")} — ${s.target}${s.lastError ? `\n    ${s.lastError}` : ""}${s.skippedTools.length > 0 ? `\n    left out: ${s.skippedTools.join("; ")}` : ""}`);
      return app.say("info", lines.join("\n"));
    }
    case "add": {
      const { name, config } = command;
      return report(mcp.add(name, config).then(() => `Added MCP server ${name}; it is connecting, and its tools reach every session's next turn.`));
    }
    case "remove":
      return report(mcp.remove(command.name).then((existed) => (existed ? `Removed MCP server ${command.name}.` : `There is no MCP server ${command.name}.`)));
    case "reconnect":
      return report(mcp.reconnect(command.name).then(() => `Reconnecting ${command.name}…`));
    case "resources":
      return report(mcp.listResources(command.server).then((list) => (list.length === 0 ? "No resources." : list.map((r) => `${r.server} ${r.uri}${r.name ? ` — ${r.name}` : ""}`).join("\n"))));
    case "prompts":
      return report(mcp.listPrompts(command.server).then((list) => (list.length === 0 ? "No prompts." : list.map((p) => `${p.server} ${p.name}${p.arguments.length ? ` (${p.arguments.map((a) => `${a.name}${a.required ? "" : "?"}`).join(", ")})` : ""}${p.description ? ` — ${p.description}` : ""}`).join("\n"))));
    case "attach": {
      const { server, uri } = command;
      return report(
        mcp.readResource(server, uri).then((items) => {
          const text = items.map((i) => i.text ?? `[binary ${i.mimeType ?? "data"}, ${i.bytes ?? 0} bytes]`).join("\n");
          app.editor.insert(`<resource server="${server}" uri="${uri}">\n${text}\n</resource>\n`);
          return `Attached ${uri} to your message.`;
        }),
      );
    }
    case "prompt": {
      const { server, name, args: promptArgs } = command;
      return report(
        mcp.getPrompt(server, name, promptArgs).then((result) => {
          app.editor.insert(result.messages.map((m) => m.text).join("\n\n"));
          return `Inserted prompt ${name} from ${server}; edit it and press Enter to send.`;
        }),
      );
    }
  }
}

/** Splits on spaces, honouring "double" and 'single' quotes. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}
