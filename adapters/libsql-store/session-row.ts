import type { Row } from "@libsql/client";
import type { SessionInfo } from "../../core/domain/session-info.ts";
import { TRUST_MODES, type TrustMode } from "../../core/domain/trust-mode.ts";
import type { SessionUsage } from "../../core/domain/usage.ts";
import { integer, optionalInteger, optionalReal, optionalText, text } from "./column-values.ts";


/**
 * The device that created the session. One an older Ursa pushed has none: the device of its first
 * message, as migration 6 guessed for the sessions before it, else its last writer.
 */
const CREATOR = `COALESCE(s.created_device_id,
  (SELECT m.device_id FROM messages m WHERE m.session_id = s.id ORDER BY m.sort_key, m.id LIMIT 1), s.device_id)`;

/**
 * Live sessions as SessionInfo rows; callers append `AND …`, ORDER BY and LIMIT.
 * messageCount counts active (not archived) rows; totalTokens counts every row, archived ones
 * included, because those tokens were spent all the same.
 */
export const SELECT_SESSION_INFO =
  `SELECT s.id, s.agent_name, s.project_key, s.project_root, s.title, s.mode, s.created_at, s.updated_at,
     (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id AND m.compacted_at IS NULL),
     (SELECT COALESCE(SUM(COALESCE(m.prompt_tokens, 0) + COALESCE(m.completion_tokens, 0)), 0)
        FROM messages m WHERE m.session_id = s.id),
     (SELECT SUM(m.cost_usd) FROM messages m WHERE m.session_id = s.id),
     s.parent_id, s.local_only, s.lease_device_id, s.lease_until,
     (SELECT value FROM sync_state WHERE key = 'device:' || s.lease_device_id),
     EXISTS (SELECT 1 FROM sync_outbox o WHERE o.session_id = s.id),
     ${CREATOR}, (SELECT value FROM sync_state WHERE key = 'device:' || ${CREATOR})
   FROM sessions s WHERE s.deleted_at IS NULL`;

/** `me` and `now` decide whether the session's lease belongs to another device and still runs. */
export function toSessionInfo(row: Row, me: { deviceId: string; now: number }): SessionInfo {
  const leaseDevice = optionalText(row[13]);
  const leaseUntil = optionalInteger(row[14]);
  const leased = leaseDevice !== null && leaseDevice !== me.deviceId && leaseUntil !== null && leaseUntil > me.now;
  return {
    id: text(row[0]),
    agentName: text(row[1]),
    projectKey: text(row[2]),
    projectRoot: text(row[3]),
    title: optionalText(row[4]),
    mode: toTrustMode(row[5]),
    createdAt: integer(row[6]),
    updatedAt: integer(row[7]),
    messageCount: integer(row[8]),
    totalTokens: integer(row[9]),
    costUsd: optionalReal(row[10]),
    parentId: optionalText(row[11]),
    localOnly: integer(row[12]) === 1,
    leasedBy: leased ? { device: optionalText(row[15]) ?? leaseDevice, until: leaseUntil } : null,
    unsynced: integer(row[16]) === 1,
    createdOn: { deviceId: text(row[17]), name: optionalText(row[18]) },
  };
}

/** A mode another (newer or older) version wrote that this one does not know reads as unset. */
export function toTrustMode(value: unknown): TrustMode | null {
  const mode = optionalText(value);
  return TRUST_MODES.find((m) => m === mode) ?? null;
}

/** The six usage sums over `messages`, in toUsage's order; apiCalls are assistant rows with usage. */
export const USAGE_SUMS =
  `COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(cache_read_tokens), 0),
   COALESCE(SUM(cache_creation_tokens), 0), COALESCE(SUM(thinking_tokens), 0),
   COUNT(CASE WHEN role = 'assistant' AND prompt_tokens IS NOT NULL THEN 1 END),
   COALESCE(SUM(cost_usd), 0.0), COUNT(CASE WHEN role = 'assistant' AND prompt_tokens IS NOT NULL AND cost_usd IS NULL THEN 1 END)`;

/** Reads USAGE_SUMS starting at column `from`. */
export function toUsage(row: Row, from: number): SessionUsage {
  return {
    promptTokens: integer(row[from]),
    completionTokens: integer(row[from + 1]),
    cacheReadTokens: integer(row[from + 2]),
    cacheCreationTokens: integer(row[from + 3]),
    thinkingTokens: integer(row[from + 4]),
    apiCalls: integer(row[from + 5]),
    costUsd: Number(row[from + 6]),
    unpricedCalls: integer(row[from + 7]),
  };
}
