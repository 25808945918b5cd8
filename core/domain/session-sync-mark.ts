import type { SessionInfo } from "./session-info.ts";

/**
 * Where a session stands with sync, as `ursa sessions list` and the dashboard's sessions pane
 * show it. The store reports the facts (local-only flag, unsent changes, another device's live
 * lease); whether sync is on at all comes from the sync service.
 */
export type SessionSyncMark =
  | { readonly kind: "local_only" }
  | { readonly kind: "running_elsewhere"; readonly device: string }
  | { readonly kind: "unsent" }
  | { readonly kind: "synced" }
  | { readonly kind: "off" };

export function sessionSyncMark(info: SessionInfo, syncOn: boolean): SessionSyncMark {
  if (info.localOnly) return { kind: "local_only" };
  if (info.leasedBy) return { kind: "running_elsewhere", device: info.leasedBy.device };
  if (!syncOn) return { kind: "off" };
  return info.unsynced ? { kind: "unsent" } : { kind: "synced" };
}

/** One glyph for narrow columns: ⇅ synced, ↑ unsent, ⌂ local-only, @name running elsewhere. */
export function syncMarkGlyph(mark: SessionSyncMark): string {
  switch (mark.kind) {
    case "local_only":
      return "⌂";
    case "running_elsewhere":
      return `@${mark.device}`;
    case "unsent":
      return "↑";
    case "synced":
      return "⇅";
    case "off":
      return "";
  }
}

/** Words for lists: "synced", "unsent", "local-only", "running on desktop", "sync off". */
export function syncMarkLabel(mark: SessionSyncMark): string {
  switch (mark.kind) {
    case "local_only":
      return "local-only";
    case "running_elsewhere":
      return `running on ${mark.device}`;
    case "unsent":
      return "unsent";
    case "synced":
      return "synced";
    case "off":
      return "sync off";
  }
}
