import { afterEach, describe, expect, it } from "vitest";
import type { ProviderRegistry } from "../ports/provider-registry.ts";
import { createHarness, type Harness } from "../../test/support/engine-harness.ts";
import { ScriptedProvider, textReply } from "../../test/fakes/scripted-provider.ts";

let h: Harness;
afterEach(async () => h?.cleanup());

class Named extends ScriptedProvider {
  override readonly name: string;
  constructor(name: string) {
    super();
    this.name = name;
  }
}

describe("switching provider and model mid-session", () => {
  it("sends the next request to the new provider with the whole history, stores who answered and what it cost, and remembers the choice", async () => {
    const beta = new Named("beta");
    const registry: ProviderRegistry = {
      names: () => ["scripted", "beta"],
      resolve: async (name, model) => {
        if (name !== "beta") throw new Error(`unknown provider ${name}`);
        return { provider: beta, settings: { model: model ?? "beta-default", maxTokens: 512, contextWindow: 64_000, pricing: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 } } };
      },
    };
    h = await createHarness({ providers: registry, pricing: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }, replies: [textReply("from alpha", { promptTokens: 1_000_000, completionTokens: 100_000 })] });
    await h.session.prompt("first question");
    expect(h.of("usage_reported")[0]!.costUsd).toBeCloseTo(3 + 1.5, 6);

    await h.session.switchModel({ provider: "beta", model: "beta-large" });
    beta.push(textReply("from beta", { promptTokens: 2_000_000, completionTokens: 0 }));
    await h.session.prompt("second question");
    expect(beta.requests).toHaveLength(1);
    expect(beta.requests[0]!.model).toBe("beta-large");
    expect(beta.requests[0]!.messages.map((m) => m.content)).toEqual(["first question", "from alpha", "second question"]);
    expect(h.of("status_changed").at(-1)).toMatchObject({ provider: "beta", model: "beta-large" });

    const replies = (await h.store.messages.loadAllMessages(h.session.id)).filter((m) => m.role === "assistant");
    expect(replies.map((m) => [m.provider, m.model, m.costUsd])).toEqual([
      ["scripted", "test-model", 4.5],
      ["beta", "beta-large", 2],
    ]);
    expect(await h.store.sessions.getMetadata(h.session.id, "provider")).toBe("beta");
    expect(await h.store.sessions.getMetadata(h.session.id, "model")).toBe("beta-large");
    expect((await h.session.usage()).costUsd).toBeCloseTo(6.5, 6);
  });

  it("explains a provider it cannot use and keeps the current one", async () => {
    const registry: ProviderRegistry = { names: () => [], resolve: async () => { throw new Error("No API key for nowhere: set NOWHERE_API_KEY"); } };
    h = await createHarness({ providers: registry, replies: [textReply("still here")] });
    await expect(h.session.switchModel({ provider: "nowhere" })).rejects.toThrow("No API key for nowhere");
    await h.session.prompt("hi");
    expect(h.provider.requests).toHaveLength(1);
  });

  it("a model without a known price has no cost, and is counted as unpriced", async () => {
    h = await createHarness({ replies: [textReply("free?")] });
    await h.session.prompt("hi");
    expect(h.of("usage_reported")[0]!.costUsd).toBeNull();
    expect(await h.session.usage()).toMatchObject({ costUsd: 0, unpricedCalls: 1 });
  });
});
