import type { SyncStatus } from "../../../core/ports/sync.ts";
import { age } from "./format.ts";
import { span, type Span } from "./styled.ts";

/**
 * The status bar's sync segment: `sync off`, `sync ✓ 12s` (`· pull only` with a read-only token), `sync ↑37` / `sync ↓`,
 * `sync offline · 142 queued`, `sync token expired`, `sync read-only`, `sync needs newer ursa`.
 * A failure only changes this segment: it never opens a modal or takes the keyboard.
 */
export function syncSegment(status: SyncStatus | null, now: number): Span {
  if (status === null) return span("sync off");
  switch (status.state) {
    case "off":
      return span("sync off");
    case "ok": {
      const when = status.lastSuccessAt === null ? "" : ` ${age(status.lastSuccessAt, now)}`;
      // A pull-only device (read-only token): its queue waits for a read-write token, not for the network.
      const access = status.pullOnly ? " · pull only" : "";
      return span(`sync ✓${when}${access}${status.queued > 0 ? ` · ${status.queued} queued` : ""}`, "ok");
    }
    case "pushing":
      return span(`sync ↑${status.queued}`, "accent");
    case "pulling":
      return span("sync ↓", "accent");
    case "offline":
      return span(`sync offline · ${status.queued} queued`, "warn");
    case "token_expired":
      return span("sync token expired", "err");
    case "read_only":
      return span("sync read-only", "warn");
    case "needs_newer":
      return span("sync needs newer ursa", "err");
    case "not_found":
      return span("sync no database (404)", "err");
  }
}
