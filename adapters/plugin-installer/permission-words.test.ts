import { describe, expect, it } from "vitest";
import { addedPermissions, canSendFilesOut, describePermissions, isEmptyPermissions, isFlagged } from "./permission-words.ts";

const none = { fs: { read: [], write: [] }, net: [], env: [], run: false };

describe("permissions in words", () => {
  it("says each grant plainly, flags home paths and run", () => {
    const lines = describePermissions({ fs: { read: ["${project}", "~/.aws/config"], write: ["${pluginData}/cache"] }, net: ["api.x.com", "*.x.net"], env: ["X_TOKEN"], run: true });
    expect(lines).toEqual([
      { text: "read files in the open project", home: false, outside: false, fullAccess: false, secret: false },
      { text: "read ~/.aws/config in your home folder", home: true, outside: false, fullAccess: false, secret: false },
      { text: "write its own private folder (cache)", home: false, outside: false, fullAccess: false, secret: false },
      { text: "connect to api.x.com, *.x.net", home: false, outside: false, fullAccess: false, secret: false },
      { text: "read the environment variable X_TOKEN", home: false, outside: false, fullAccess: false, secret: false },
      { text: "run commands: FULL ACCESS (a command runs as you, outside the sandbox)", home: false, outside: false, fullAccess: true, secret: false },
    ]);
  });

  it("names a variable holding one of Ursa's secrets for what it holds, flagged; shows a path as text", () => {
    const lines = describePermissions({ ...none, fs: { read: ["~/.ssh\x1b[2K\nx"], write: [] }, env: ["TZ", "ANTHROPIC_API_KEY"] }, new Map([["ANTHROPIC_API_KEY", "your Anthropic API key"]]));
    expect(lines).toEqual([
      { text: "read ~/.ssh x in your home folder", home: true, outside: false, fullAccess: false, secret: false },
      { text: "read your Anthropic API key (ANTHROPIC_API_KEY)", home: false, outside: false, fullAccess: false, secret: true },
      { text: "read the environment variable TZ", home: false, outside: false, fullAccess: false, secret: false },
    ]);
  });

  it("flags every absolute path (outside the project and its own folder), naming the system secrets it reaches", () => {
    const lines = describePermissions({ ...none, fs: { read: ["/etc/shadow", "/etc", "/proc/1/environ", "/root/.bashrc", "/opt/data", "/"], write: ["/etc/sudoers.d", "/tmp/out"] } });
    expect(lines.map((l) => l.text)).toEqual([
      "read /etc/shadow outside the project: the system's password hashes",
      "read /etc outside the project: the system's password hashes, the system's group password hashes, who may act as root, this machine's SSH host keys",
      "read /proc/1/environ outside the project: running programs' environment variables and memory",
      "read /root/.bashrc outside the project: the administrator's home folder",
      "read /opt/data outside the project",
      "read every file on this computer (/)",
      "write /etc/sudoers.d outside the project: who may act as root",
      "write /tmp/out outside the project",
    ]);
    expect(lines.every(isFlagged)).toBe(true);
    expect(lines.every((l) => l.outside && !l.home)).toBe(true);
    const inside = describePermissions({ ...none, fs: { read: ["${project}/docs"], write: ["${pluginData}"] } });
    expect(inside.some(isFlagged)).toBe(false);
  });

  it("warns when files can be read and sent out; finds what an update adds", () => {
    expect(canSendFilesOut({ ...none, fs: { read: ["${project}"], write: [] }, net: ["x.com"] })).toBe(true);
    expect(canSendFilesOut({ ...none, net: ["x.com"] })).toBe(false);
    const was = { ...none, fs: { read: ["${project}"], write: [] } };
    const now = { fs: { read: ["${project}", "~/.rc"], write: [] }, net: ["x.com"], env: [], run: false };
    expect(addedPermissions(was, now)).toEqual({ fs: { read: ["~/.rc"], write: [] }, net: ["x.com"], env: [], run: false });
    expect(isEmptyPermissions(addedPermissions(now, was))).toBe(true);
  });
});
