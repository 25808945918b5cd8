import { describeSessionStore } from "../contract/session-store.contract.ts";
import { InMemoryStore } from "./in-memory-store.ts";

// The fake the engine tests run on keeps the contract the libSQL store keeps.
describeSessionStore("in memory", async (clock) => ({ store: new InMemoryStore({ now: clock.now, deviceId: "device-a" }), deviceId: "device-a" }));
