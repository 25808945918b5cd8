import { describe, expect, it } from "vitest";
import { lockedGrant, projectConsentKey } from "./plugin-manifest.ts";

describe("a lockfile entry's grant as Ursa enforces it", () => {
  it("counts only lists of strings and run: true; anything else grants nothing", () => {
    expect(lockedGrant({ fs: { read: ["~/.ssh", 7, null], write: "/etc" }, net: "evil.example", env: ["HOME"], run: "yes" })).toEqual({
      fs: { read: ["~/.ssh"], write: [] }, net: [], env: ["HOME"], run: false,
    });
    expect(lockedGrant(undefined)).toEqual({ fs: { read: [], write: [] }, net: [], env: [], run: false });
  });

  it("keys a consent by the grant's contents, not its order", () => {
    const entry = { id: "a.b", version: "1.0.0", integrity: "sha512-x" };
    const one = projectConsentKey({ ...entry, granted: lockedGrant({ env: ["B", "A"], run: true }) });
    expect(projectConsentKey({ ...entry, granted: lockedGrant({ env: ["A", "B"], run: true }) })).toBe(one);
    expect(projectConsentKey({ ...entry, granted: lockedGrant({ env: ["A", "B"] }) })).not.toBe(one);
  });
});
