/** Start-up and rerun figures in headless Chromium (milliseconds, and the app/bare ratio), by name. */
export function measureStartup(options?: { quick?: boolean }): Promise<Record<string, number>>;
