import type { Container } from "inversify";
import type { AppConfig } from "./config.ts";
import { askAboutProjectServers } from "./ask-about-project-servers.ts";
import type { SettledProjectServers } from "./project-mcp.ts";

/** The dashboard's engine. The dashboard owns the terminal: --verbose cannot write to it. */
export async function createDashboardEngine(config: AppConfig): Promise<Container> {
  return (await import("./container.ts")).createContainer({ ...config, verbose: false });
}

/** What was settled about the project's servers before the first frame, and the engine that did it. */
export type SettledEngine = SettledProjectServers & { readonly engine: Container };

/**
 * For a project with a `.mcp.json`, before the dashboard's first frame: whether its servers were
 * decided about is in the engine's database, so the engine starts first, and servers nobody
 * decided about are put to the user on the plain terminal (the dashboard would hide the question).
 */
export async function settleProjectServersFirst(config: AppConfig): Promise<SettledEngine> {
  const engine = await createDashboardEngine(config);
  try {
    return { engine, ...(await askAboutProjectServers(engine, config)) };
  } catch (error) {
    await (await import("./shut-down.ts")).shutDown(engine);
    throw error;
  }
}
