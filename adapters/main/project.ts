import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { ProjectRef } from "../../core/domain/session-info.ts";

/**
 * Finds the project for a working directory (with `atRepositoryRoot`, the repository it is in). The key recognises the same repository on
 * another machine: the normalised `origin` remote plus the path inside the repository.
 * Without git (or a remote) it falls back to the absolute path. Reads .git/config directly
 * rather than spawning git, to keep start-up fast.
 */
export function locateProject(cwd: string, options: { atRepositoryRoot?: boolean } = {}): ProjectRef & { isGitRepo: boolean } {
  const start = resolve(cwd);
  const repo = findRepoRoot(start);
  if (!repo) return { root: start, key: `path:${start}`, isGitRepo: false };
  // In a subdirectory of a repository the project is the repository, so its sessions, settings and instructions are one.
  const root = options.atRepositoryRoot ? repo.root : start;
  const remote = originUrl(repo.gitDir);
  if (!remote) return { root, key: `path:${root}`, isGitRepo: true };
  const inside = relative(repo.root, root) || ".";
  return { root, key: `git:${normaliseRemote(remote)}:${inside}`, isGitRepo: true };
}

function findRepoRoot(start: string): { root: string; gitDir: string } | null {
  for (let dir = start; ; dir = dirname(dir)) {
    const dotGit = join(dir, ".git");
    if (existsSync(dotGit)) {
      if (statSync(dotGit).isDirectory()) return { root: dir, gitDir: dotGit };
      // A worktree or submodule: `.git` is a file naming the real git directory.
      const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"));
      if (match) return { root: dir, gitDir: commonGitDir(resolve(dir, match[1]!.trim())) };
    }
    if (dirname(dir) === dir) return null;
  }
}

function commonGitDir(gitDir: string): string {
  const common = join(gitDir, "commondir");
  return existsSync(common) ? resolve(gitDir, readFileSync(common, "utf8").trim()) : gitDir;
}

function originUrl(gitDir: string): string | null {
  let config: string;
  try {
    config = readFileSync(join(gitDir, "config"), "utf8");
  } catch {
    return null;
  }
  const section = /\[remote "origin"\]([\s\S]*?)(?=\n\[|$)/.exec(config);
  return section ? (/^\s*url\s*=\s*(.+)$/m.exec(section[1]!)?.[1]?.trim() ?? null) : null;
}

/** `git@github.com:a/b.git`, `https://user@github.com/a/b` and `ssh://git@github.com/a/b.git` → `github.com/a/b`. */
export function normaliseRemote(url: string): string {
  let u = url.trim();
  const scp = /^[^@/]+@([^:/]+):(.+)$/.exec(u);
  if (scp) u = `${scp[1]}/${scp[2]}`;
  else u = u.replace(/^[a-z+]+:\/\//i, "").replace(/^[^@/]+@/, "");
  return u.replace(/:\d+\//, "/").replace(/\.git\/?$/, "").replace(/\/+$/, "").toLowerCase();
}
