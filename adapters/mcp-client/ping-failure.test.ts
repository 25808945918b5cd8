import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { pingFailureMeansGone } from "./server-connection.ts";

describe("pingFailureMeansGone (the SDK's own error objects)", () => {
  it("is false for a JSON-RPC error answer: the server is there", () => {
    expect(pingFailureMeansGone(new McpError(ErrorCode.MethodNotFound, "no ping here"))).toBe(false);
    expect(pingFailureMeansGone(new McpError(ErrorCode.InternalError, "busy"))).toBe(false);
  });

  it("is true for silence, a closed connection, a network failure and an HTTP error status", () => {
    expect(pingFailureMeansGone(new McpError(ErrorCode.RequestTimeout, "timed out"))).toBe(true);
    expect(pingFailureMeansGone(new McpError(ErrorCode.ConnectionClosed, "closed"))).toBe(true);
    expect(pingFailureMeansGone(new TypeError("fetch failed"))).toBe(true);
    expect(pingFailureMeansGone(new StreamableHTTPError(404, "Session not found"))).toBe(true);
    expect(pingFailureMeansGone(new StreamableHTTPError(502, "Bad Gateway"))).toBe(true);
    expect(pingFailureMeansGone(new StreamableHTTPError(-1, "Unexpected content type"))).toBe(true);
  });
});
