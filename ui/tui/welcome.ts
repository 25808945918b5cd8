import type { NoticeLevel } from "./view-model/blocks.ts";

/** What a new, empty session shows: how to start, and how to set up a provider when none is. */
export function welcomeNotices(projectRoot: string, providerProblem: string | null): [NoticeLevel, string][] {
  const notices: [NoticeLevel, string][] = [
    ["info", "Welcome to Ursa. Type a prompt and press Enter; /help lists keys and commands."],
    ["info", `Project: ${projectRoot}`],
  ];
  if (providerProblem) notices.push(["banner", `${providerProblem}\nUntil then you can browse sessions, todos and file changes (Tab moves between panes).`]);
  return notices;
}
