import { describe, expect, it } from "vitest";
import { decideApproval, type ApprovalNeed } from "./approval-policy.ts";
import type { ToolEffect } from "./tool-effect.ts";
import type { TrustMode } from "./trust-mode.ts";

// koda.md §4.2: every cell of the top-level matrix and of the sub-agent column.
// The sub-agent in safe mode is stricter than koda (no sandbox): it may only read.
type Row = [effect: ToolEffect, outside: boolean, plan: ApprovalNeed, safe: ApprovalNeed, auto: ApprovalNeed, subAgentSafe: ApprovalNeed, subAgentAuto: ApprovalNeed];
const MATRIX: Row[] = [
  ["read_only", false, "auto", "auto", "auto", "auto", "auto"],
  ["read_only", true, "auto", "auto", "auto", "auto", "auto"],
  ["local_mutation", false, "block", "confirm", "auto", "block", "auto"],
  ["remote_action", false, "block", "confirm", "auto", "block", "auto"],
  ["destructive", false, "block", "confirm", "confirm", "block", "block"],
  ["local_mutation", true, "block", "confirm", "confirm", "block", "block"],
  ["destructive", true, "block", "confirm", "confirm", "block", "block"],
];

describe("the trust matrix", () => {
  for (const [effect, outside, ...expected] of MATRIX) {
    const modes: TrustMode[] = ["plan", "safe", "auto"];
    modes.forEach((mode, i) => {
      it(`${effect}${outside ? " outside the project" : ""} in ${mode}: ${expected[i]}`, () => {
        expect(decideApproval({ effect, mode, outsideProject: outside, ownedDelete: false, subAgent: false })).toBe(expected[i]);
      });
    });
    it(`${effect}${outside ? " outside the project" : ""} for a sub-agent in safe: ${expected[3]}`, () => {
      expect(decideApproval({ effect, mode: "safe", outsideProject: outside, ownedDelete: false, subAgent: true })).toBe(expected[3]);
    });
    it(`${effect}${outside ? " outside the project" : ""} for a sub-agent in auto: ${expected[4]}`, () => {
      expect(decideApproval({ effect, mode: "auto", outsideProject: outside, ownedDelete: false, subAgent: true })).toBe(expected[4]);
    });
    it(`${effect}${outside ? " outside the project" : ""} for a sub-agent in plan: ${effect === "read_only" ? "auto" : "block"}`, () => {
      expect(decideApproval({ effect, mode: "plan", outsideProject: outside, ownedDelete: false, subAgent: true })).toBe(effect === "read_only" ? "auto" : "block");
    });
  }

  it("deleting a file the agent created needs no confirmation in safe or auto, but plan still blocks it", () => {
    const q = { effect: "destructive" as const, outsideProject: false, ownedDelete: true, subAgent: false };
    expect(decideApproval({ ...q, mode: "safe" })).toBe("auto");
    expect(decideApproval({ ...q, mode: "auto" })).toBe("auto");
    expect(decideApproval({ ...q, mode: "plan" })).toBe("block");
    expect(decideApproval({ ...q, mode: "safe", subAgent: true })).toBe("auto");
  });

  it("an owned file outside the project still asks", () => {
    expect(decideApproval({ effect: "destructive", mode: "auto", outsideProject: true, ownedDelete: true, subAgent: false })).toBe("confirm");
  });
});
