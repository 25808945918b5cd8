import type { EngineEvent } from "../../../core/domain/engine-event.ts";
import type { TrustMode } from "../../../core/domain/trust-mode.ts";
import type { SessionUsage } from "../../../core/domain/usage.ts";
import { compactNumber } from "./format.ts";
import { lineWidth, span, truncateLine, type Span, type StyledLine } from "./styled.ts";

/** How many MCP servers are connected, of how many, and how many failed. */
export interface McpSummary {
  readonly connected: number;
  readonly total: number;
  readonly failed: number;
}

/** The status bar of the session in view: provider, model, mode, context, tokens, cost, MCP, sync. */
export class StatusModel {
  provider: string;
  model: string;
  mode: TrustMode;
  contextPct: number | null = null;
  usage: { in: number; out: number; cache: number } = { in: 0, out: 0, cache: 0 };
  /** Dollars so far; null until a priced call was made (local and unknown models have no price). */
  costUsd: number | null = null;
  running = 0;

  constructor(init: { provider: string; model: string; mode: TrustMode }) {
    this.provider = init.provider;
    this.model = init.model;
    this.mode = init.mode;
  }

  setUsage(u: SessionUsage): void {
    this.usage = { in: u.promptTokens, out: u.completionTokens, cache: u.cacheReadTokens + u.cacheCreationTokens };
    this.costUsd = u.apiCalls > u.unpricedCalls ? u.costUsd : null;
  }

  apply(event: EngineEvent): boolean {
    switch (event.type) {
      case "status_changed":
        this.provider = event.provider;
        this.model = event.model;
        this.mode = event.mode;
        // The core reports the share of the window (0..1); the bar shows a whole percentage.
        this.contextPct = Math.round(event.contextPct * 100);
        return true;
      case "context_usage":
        this.contextPct = event.max > 0 ? Math.round((event.used / event.max) * 100) : null;
        return true;
      default:
        return false;
    }
  }

  /** The bar at `width`; on narrow terminals a compact form keeps every figure visible. */
  row(width: number, notice: string | null, mcp: McpSummary | null = null, sync: Span = span("sync off")): StyledLine {
    const mcpSpan = mcp === null || mcp.total === 0 ? span("MCP off") : span(`MCP ${mcp.connected}/${mcp.total}`, mcp.failed > 0 ? "warn" : "ok");
    const ctx = this.contextPct === null ? "–" : `${this.contextPct}%`;
    const u = this.usage;
    const tail: StyledLine = [
      ...(this.running > 0 ? [span(` │ ${this.running} running`, "accent")] : []),
      ...(notice ? [span(` │ ${notice}`, "warn")] : [span(" │ Tab focus · S-Tab mode · Esc stop · /help", "dim")]),
    ];
    const mode = span(this.mode, this.mode === "auto" ? "warn" : this.mode === "plan" ? "accent" : "ok");
    // A local server's model is unknown until it answers: no name then, rather than a guess.
    const full: StyledLine = [
      span(` ${this.provider}`, "accent"), ...(this.model ? [span(` ${this.model}`)] : []), span(" │ "), mode, span(` │ ctx ${ctx}`),
      span(` │ tok ${compactNumber(u.in)} in / ${compactNumber(u.out)} out / ${compactNumber(u.cache)} cache`),
      span(` │ cost ${formatCost(this.costUsd)} │ `), mcpSpan, span(" │ "), sync,
    ];
    if (lineWidth(full) + (notice ? lineWidth(tail) : 0) <= width) return truncateLine([...full, ...tail], width);
    const compact: StyledLine = [
      ...(this.model ? [span(this.model), span(" · ")] : []), mode, span(` · ${ctx}`),
      span(` · ${compactNumber(u.in)}↑ ${compactNumber(u.out)}↓ ${compactNumber(u.cache)}c`),
      span(` · ${formatCost(this.costUsd)} · `), mcpSpan, span(" · "), sync,
    ];
    if (notice) return truncateLine([span(notice, "warn"), span(" │ "), ...compact], width);
    return truncateLine(lineWidth(compact) + lineWidth(tail) <= width ? [...compact, ...tail] : compact, width);
  }
}

export function formatCost(usd: number | null): string {
  if (usd === null) return "–";
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
