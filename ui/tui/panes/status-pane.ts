import { definePane } from "./pane-spec.ts";

/** The bottom bar: provider, model, mode, context, tokens, cost, MCP, sync, running sessions, notices. */
export const statusPane = definePane({
  id: "status",
  title: "Status",
  dock: "bar",
  order: 90,
  focusable: false,
  needs: ["status", "list", "notice", "mcpSummary", "syncSegment"],
  create: (host) => ({
    render: ({ width }) => {
      const status = host.status();
      status.running = host.list.running;
      return { rows: [status.row(width, host.notice(), host.mcpSummary(), host.syncSegment(Date.now()))] };
    },
  }),
});
