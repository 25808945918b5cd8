import { buildBundle } from "./cli.ts";

/**
 * Builds dist/ursa.mjs once before any test file runs. End-to-end files run in parallel; if
 * each rebuilt the bundle, one could start Ursa while another was rewriting it.
 */
export default function setup(): void {
  buildBundle();
}
