/** Opening the seed run's compact recording in the built app in headless Chromium (milliseconds), by name. */
export function benchOpen(recording: Uint8Array, runs?: number): Promise<Record<string, number>>;
/** Opening any recording: `prefix` names the figures, `moments` picks the page still starting and/or settled. */
export function benchOpenFigures(
  recording: Uint8Array,
  options?: { runs?: number; prefix?: string; moments?: Array<'starting' | 'settled'>; dist?: string },
): Promise<Record<string, number>>;
