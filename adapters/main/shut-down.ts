import type { Container } from "inversify";

/**
 * Releases what the container made. A service that failed to start (a damaged database) fails
 * again when asked to close: that was already reported, and must not end in a stack trace.
 */
export async function shutDown(container: Container): Promise<void> {
  await container.unbindAllAsync().catch(() => {});
}
