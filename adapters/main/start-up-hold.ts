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
 * On V8 12 and later (Node 22, Deno 2) Maglev, the mid-tier optimizing compiler, is on by default
 * and compiles on the same threads, so it is held too; Node 20 does not use it. A flag the user
 * gave Node (NODE_OPTIONS or the command line) is left as given.
 *
 * The flags are read by V8 at each decision (growing, tiering up), so changing them at run time
 * takes effect; Node and Deno both have node:v8's setFlagsFromString.
 */
export function holdDuringStartUp(): () => void {
  const held = HELD.filter((f) => !userGave(f.name));
  for (const f of held) setFlagsFromString(f.hold);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const f of held) setFlagsFromString(f.release);
  };
}

const MAGLEV_BY_DEFAULT = Number(process.versions.v8.split(".")[0]) >= 12;

/** Each held flag: how it is held, and its default, which release puts back. */
const HELD: readonly { readonly name: string; readonly hold: string; readonly release: string }[] = [
  { name: "semi-space-growth-factor", hold: "--semi-space-growth-factor=1", release: "--semi-space-growth-factor=2" },
  { name: "turbofan", hold: "--no-turbofan", release: "--turbofan" },
  ...(MAGLEV_BY_DEFAULT ? [{ name: "maglev", hold: "--no-maglev", release: "--maglev" }] : []),
];

/** Whether Node was started with a flag about `name` (`--no-turbofan`, `--turbofan`; `--opt` is TurboFan's alias). */
function userGave(name: string): boolean {
  const given = [...process.execArgv, ...(process.env["NODE_OPTIONS"] ?? "").split(/\s+/)];
  const names = name === "turbofan" ? ["turbofan", "opt"] : [name];
  return given.some((arg) => names.some((n) => new RegExp(`^--(no-)?${n}(=|$)`).test(arg.replace(/_/g, "-"))));
}
