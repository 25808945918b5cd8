import { join } from "node:path";
import type { ShellOptions } from "../../ui/tui/shell.ts";
import type { AppConfig } from "./config.ts";
import { PROVIDERS } from "./providers.ts";

/**
 * What the dashboard's first frame shows that comes from the configuration, read by both the
 * skeleton painted before the dashboard's code loads and the dashboard itself, so they agree.
 */
export function dashboardLook(config: AppConfig): ShellOptions {
  return {
    layoutFile: join(config.dataDir, "tui-layout.json"),
    noColor: Boolean(config.env["NO_COLOR"]),
    provider: config.provider,
    model: config.modelFlag ?? config.defaultModel ?? PROVIDERS[config.provider]?.defaultModel ?? "",
    mode: config.mode,
  };
}
