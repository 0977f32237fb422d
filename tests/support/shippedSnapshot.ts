/**
 * Vitest global setup: makes sure the build's interpreter snapshot (src/cli/snapshot.ts) is in
 * its cache before the test files start, so that they read it (./engines.ts) instead of each
 * making one at the same time on a fresh machine.
 */
import { shippedSnapshot } from '../../src/cli/snapshot';

export default async function setup(): Promise<void> {
  await shippedSnapshot();
}
