import { setFlagsFromString } from "node:v8";

/**
 * Keeps V8's young generation at its first size while the dashboard starts.
 *
 * Start-up allocates mostly objects that live on (modules, the engine, the database client), and
 * V8 grows the young generation each time a semispace's worth of them has survived, by default
 * up to 2 × 16 MiB. That memory stays resident while the dashboard then idles: measured 3 s after
 * start, it was the largest single difference from a bare blessed screen (15 MiB against 4 MiB,
 * docs/performance.md). Growth is switched back on (the default factor, 2) once the engine is up,
 * so a long streaming reply still gets the larger young generation it benefits from. The price
 * is more scavenges before the first frame (~9 ms of CPU), for 4–8 MiB less resident after it.
 * The flag is read by V8 at each growth decision, so changing it at run time takes effect (Node
 * and Deno both have node:v8's setFlagsFromString).
 */
export function holdYoungGeneration(): () => void {
  setFlagsFromString("--semi-space-growth-factor=1");
  let released = false;
  return () => {
    if (released) return;
    released = true;
    setFlagsFromString("--semi-space-growth-factor=2");
  };
}
