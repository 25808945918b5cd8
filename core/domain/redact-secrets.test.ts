import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "./redact-secrets.ts";

describe("redactSecrets", () => {
  it("replaces every occurrence of every secret, the longer of two overlapping ones whole", () => {
    expect(redactSecrets("a sk-123456 b sk-123456-long c", ["sk-123456", "sk-123456-long"])).toBe(`a ${REDACTED} b ${REDACTED} c`);
  });
  it("leaves text without secrets as it is", () => {
    expect(redactSecrets("nothing here", ["sk-123456"])).toBe("nothing here");
    expect(redactSecrets("nothing here", [])).toBe("nothing here");
  });
});
