import { describe, expect, it } from "vitest";
import { containsSecret, REDACTED, redactKnownSecrets, redactMessageTexts, redactSecrets } from "./secret-redaction.ts";

describe("redactSecrets", () => {
  it.each([
    ["Anthropic", "key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz012345-_xyz done", `key ${REDACTED} done`],
    ["OpenAI", "OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx", `OPENAI_API_KEY=${REDACTED}`],
    ["GitHub", "token ghp_abcdefghijklmnopqrstuvwxyz0123456789", `token ${REDACTED}`],
    ["GitHub fine-grained", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", REDACTED],
    ["AWS key id", "aws id AKIAIOSFODNN7EXAMPLE.", `aws id ${REDACTED}.`],
    ["AWS secret", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", `aws_secret_access_key = ${REDACTED}`],
    ["bearer", "curl -H 'Authorization: Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxIn0.c2ln'", `curl -H 'Authorization: Bearer ${REDACTED}'`],
  ])("replaces a %s secret", (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("replaces this machine's key values wherever they appear, JSON-escaped ones too", () => {
    const key = "my-local-key/with\"quote";
    expect(redactSecrets(`a ${key} b`, [key])).toBe(`a ${REDACTED} b`);
    const json = JSON.stringify({ command: `export K=${key}` });
    expect(JSON.parse(redactSecrets(json, [key]))).toEqual({ command: `export K=${REDACTED}` });
  });

  it("keeps JSON valid and leaves ordinary text alone", () => {
    const json = JSON.stringify({ cmd: "echo sk-ant-api03-AbCdEfGhIjKlMnOpQrSt\\n", note: "risk-free words, task-list" });
    expect(JSON.parse(redactSecrets(json))).toEqual({ cmd: `echo ${REDACTED}\\n`, note: "risk-free words, task-list" });
    expect(redactSecrets("the desk-top is a bearer of news", ["short"])).toBe("the desk-top is a bearer of news");
    expect(containsSecret("nothing here", ["short"])).toBe(false);
  });
});

describe("redactMessageTexts", () => {
  const base = { content: "ok", fullContent: null, toolCalls: null, thinking: "plain reasoning", thinkingSignature: "sig" };

  it("keeps clean thinking with its signature", () => {
    expect(redactMessageTexts(base, [])).toEqual(base);
  });

  it("drops thinking and its signature together when the thinking holds a secret", () => {
    const leaked = { ...base, thinking: "the key is sk-ant-api03-AbCdEfGhIjKlMnOpQrSt", content: "use ghp_abcdefghijklmnopqrstuvwxyz0123456789" };
    expect(redactMessageTexts(leaked, [])).toEqual({ ...base, content: `use ${REDACTED}`, thinking: null, thinkingSignature: null });
  });
});

describe("redactKnownSecrets", () => {
  it("replaces every occurrence of every known value, the longer of two overlapping ones whole", () => {
    expect(redactKnownSecrets("a sk-123456 b sk-123456-long c", ["sk-123456", "sk-123456-long"])).toBe(`a ${REDACTED} b ${REDACTED} c`);
  });
  it("leaves other text, key-shaped text included, as it is (tool output may hold fake keys)", () => {
    expect(redactKnownSecrets("nothing here", ["sk-123456"])).toBe("nothing here");
    expect(redactKnownSecrets("fixture sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz012345", [])).toBe("fixture sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz012345");
  });
});
