import { setFlagsFromString } from "node:v8";

/**
 * Holds two V8 behaviours that cost memory for nothing while the dashboard starts, and gives
 * them back once the engine is up (the returned function; calling it again does nothing).
 *
 * - The young generation stays at its first size. Start-up allocates mostly objects that live
 *   on (modules, the engine, the database client), and V8 grows the young generation each time
 *   a semispace's worth of them has survived, by default up to 2 × 16 MiB, which then stays
 *   resident while the dashboard idles. The price is more scavenges before the first frame
 *   (~9 ms of CPU).
 * - The optimizing compiler (TurboFan) is off. Start-up code runs once, yet it is hot enough
 *   for V8 to optimize parts of it on its compiler threads, whose scratch memory stays in those
 *   threads' malloc arenas: measured 3 s after start, 6–7 MiB resident, and the cause of RSS
 *   that varied by ~4 MiB between runs (docs/performance.md). Nothing is lost by waiting: a
 *   function that turns hot later (a streaming reply, a long session's rendering) is optimized
 *   then.
 *
 * Both flags are read by V8 at each decision (growing, tiering up), so changing them at run
 * time takes effect; Node and Deno both have node:v8's setFlagsFromString.
 */
export function holdDuringStartUp(): () => void {
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString("--no-turbofan");
  let released = false;
  return () => {
    if (released) return;
    released = true;
    setFlagsFromString("--semi-space-growth-factor=2");
    setFlagsFromString("--turbofan");
  };
}
