import { readFile } from "node:fs/promises";
import { locateShellGrammar } from "../../adapters/main/shell-grammar-files.ts";
import { decideApproval, type ApprovalNeed } from "../../core/domain/approval-policy.ts";
import { isInside, resolveUserPath } from "../../core/domain/paths.ts";
import type { TrustMode } from "../../core/domain/trust-mode.ts";
import { ShellReader, shellReader } from "../../plugins/bash/mod.ts";
import type { FileSystem } from "../../core/ports/file-system.ts";

/** Where the table of shell cases pretends to run: the project, the home directory, Ursa's data directory. */
export const SHELL_PLACES = { projectRoot: "/work/proj", home: "/home/me", dataDir: "/home/me/.local/share/ursa" } as const;

/** A ShellReader with the real grammar read from node_modules, as the Bash plugin gets it. */
export function testShellReader(places: { projectRoot: string; dataDir: string } = SHELL_PLACES): ShellReader {
  const fs = { readBytes: (path: string, signal: AbortSignal) => readFile(path, { signal }).then((b) => new Uint8Array(b)) } as unknown as FileSystem;
  return shellReader(fs, locateShellGrammar, places);
}

/**
 * What the engine would do with a Bash command in `mode`, as tool dispatch decides it (no
 * symlinks involved): "refuse" when it names Ursa's data directory, else the trust matrix's need.
 */
export async function shellDecision(reader: ShellReader, command: string, mode: TrustMode): Promise<ApprovalNeed | "refuse"> {
  const a = await reader.analyze(command);
  const resolve = (p: string) => resolveUserPath(p, { root: SHELL_PLACES.projectRoot, home: SHELL_PLACES.home });
  if ([...a.targets, ...a.named].map(resolve).some((p) => isInside(SHELL_PLACES.dataDir, p))) return "refuse";
  const paths = a.effect === "destructive" ? [] : a.targets.map(resolve);
  const outside = a.effect !== "read_only" && (a.unknownPlaces || paths.some((p) => !isInside(SHELL_PLACES.projectRoot, p) && !isInside("/tmp", p)));
  return decideApproval({ effect: a.effect, mode, outsideProject: outside, ownedDelete: false, subAgent: false });
}
