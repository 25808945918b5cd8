import { describe, expect, it } from "vitest";
import { renderConsent, type ConsentSubject } from "./consent-screen.ts";

const runtime = { kind: "node" as const, command: "node", enforcement: ["fs: the permission model"] };
const subject: ConsentSubject = {
  id: "nice.tool", name: "@acme/nice", version: "1.0.0", kind: "tool", resolved: "./vendor/nice", integrity: "sha512-x", tarballBytes: 600, fileCount: 2, installScripts: [],
  tools: [{ name: "Nice" }],
  permissions: { fs: { read: ["${project}", "~/.ssh", "/etc/shadow", "/opt/data"], write: [] }, net: [], env: ["URSA_SYNC_TOKEN"], run: true },
};

describe("the consent screen", () => {
  it("marks with ! home paths, every absolute path, secrets and full access; the rest with -", () => {
    const screen = renderConsent([subject], { runtime, color: false, secrets: new Map([["URSA_SYNC_TOKEN", "your Ursa sync token"]]) });
    expect(screen).toContain([
      "  it may",
      "    - read files in the open project",
      "    ! read ~/.ssh in your home folder",
      "    ! read /etc/shadow outside the project: the system's password hashes",
      "    ! read /opt/data outside the project",
      "    ! read your Ursa sync token (URSA_SYNC_TOKEN)",
      "    ! run commands: FULL ACCESS (a command runs as you, outside the sandbox)",
    ].join("\n"));
  });

  it("marks what another version asks beyond the earlier grant as NEW", () => {
    const added = new Map([["nice.tool", { fs: { read: ["/etc/shadow"], write: [] }, net: [], env: [], run: true }]]);
    const screen = renderConsent([subject], { runtime, color: false, added });
    expect(screen).toContain("    - read files in the open project\n");
    expect(screen).toContain("    ! read /etc/shadow outside the project: the system's password hashes   (NEW: not granted before)\n");
    expect(screen).toContain("    ! run commands: FULL ACCESS (a command runs as you, outside the sandbox)   (NEW: not granted before)\n");
    expect(screen).toContain("    ! read ~/.ssh in your home folder\n");
  });
});
