import { buildBundle } from "./cli.ts";
import { installSqld } from "./sqld.ts";

/**
 * Builds dist/ursa.mjs once before any test file runs. End-to-end files run in parallel; if
 * each rebuilt the bundle, one could start Ursa while another was rewriting it. The test sqld is
 * installed (and hash-checked) here once for the same reason.
 */
export default function setup(): void {
  buildBundle();
  installSqld();
}
