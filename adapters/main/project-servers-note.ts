import type { Container } from "inversify";
import { SETTINGS_STORE } from "../../core/ports/settings-store.ts";
import type { AppConfig } from "./config.ts";
import { resolve } from "./provide.ts";

/** A project `.mcp.json` nobody decided about: asked once on a terminal, else a note. */
export async function projectServersNote(container: Container, config: AppConfig): Promise<string | null> {
  const { settleProjectServers } = await import("./project-mcp.ts");
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const ask = interactive ? (await import("./ask-yes-no.ts")).askYesNo : null;
  return settleProjectServers(await resolve(container, SETTINGS_STORE), config.project.root, ask);
}
