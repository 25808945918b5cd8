import type { Container } from "inversify";
import { SETTINGS_STORE } from "../../core/ports/settings-store.ts";
import type { AppConfig } from "./config.ts";
import type { SettledProjectServers } from "./project-mcp.ts";
import { resolve } from "./provide.ts";

/** A project `.mcp.json` nobody decided about: asked once on a terminal, else a note (project-mcp.ts). */
export async function askAboutProjectServers(container: Container, config: AppConfig): Promise<SettledProjectServers> {
  const { settleProjectServers } = await import("./project-mcp.ts");
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const ask = interactive ? (await import("./ask-yes-no.ts")).askYesNo : null;
  return settleProjectServers(await resolve(container, SETTINGS_STORE), config.project.root, ask);
}
