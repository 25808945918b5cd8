import type { TrustMode } from "./trust-mode.ts";

/** A session as listed in pickers and the dashboard. */
export interface SessionInfo {
  readonly id: string;
  readonly agentName: string;
  readonly projectKey: string;
  readonly projectRoot: string;
  readonly title: string | null;
  readonly mode: TrustMode | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly messageCount: number;
  readonly totalTokens: number;
  /** Dollars of its priced calls; null when none had a price. */
  readonly costUsd: number | null;
  /** The session that started this one as a sub-agent; null for the user's own sessions. */
  readonly parentId: string | null;
  /**
   * Sync (issue 10): another device wrote this session within the last two minutes (its lease
   * runs until `until`), so it is live there and opens read-only here; null otherwise.
   * `device` is that device's name (its id when the name is not known yet).
   * Optional only so stores without sync (and test literals) need not spell them out.
   */
  readonly leasedBy?: SessionLease | null;
  /** Kept off the sync server, with its sub-agents' sessions. */
  readonly localOnly?: boolean;
  /** Has changes the sync server has not received yet. */
  readonly unsynced?: boolean;
  /** The device that created the session (the one that wrote it first; `leasedBy` is the one writing it now). */
  readonly createdOn?: SessionDevice | null;
}

/** A device as a store knows it: its id, and its name once sync has seen it (null before). */
export interface SessionDevice {
  readonly deviceId: string;
  readonly name: string | null;
}

/**
 * How long a device holds a session after it last wrote to it, or opened or took it over in a
 * dashboard (its lease): other devices show it "running on" that device until then.
 */
export const LEASE_MS = 120_000;

export interface SessionLease {
  readonly device: string;
  readonly until: number;
}

/** Where a project lives: `key` recognises the same repository on two machines, `root` is local. */
export interface ProjectRef {
  readonly root: string;
  readonly key: string;
}

/** How the last turn of a resumed session ended without an answer (koda's banner, never auto-resumed). */
export type Interruption =
  | { readonly kind: "prompt"; readonly preview: string }
  | { readonly kind: "tool" }
  /** The turn stopped (interrupted, killed, crashed) while these calls of the last reply ran: their outcome is unknown. */
  | { readonly kind: "tool_call"; readonly calls: readonly { readonly name: string; readonly detail: string }[] }
  /** The turn failed (a provider error, a turn limit): `reason` is the error's message (as `ursa -p` prints it) or "turn limit: 10 model calls". */
  | { readonly kind: "failed"; readonly reason: string }
  /** The turn was told to stop where the engine asked whether to go on: `reason` in a few words, "loop cap". */
  | { readonly kind: "stopped"; readonly reason: string };

/** How a turn ended short of an answer, when that is worth keeping past a restart. */
export type TurnShortfall = Extract<Interruption, { kind: "failed" | "stopped" }>;

export interface CompactedStats {
  readonly messageCount: number;
  readonly sessionCount: number;
  readonly sizeBytes: number;
  readonly oldest: number | null;
}
