/** Start-up and rerun figures in headless Chromium (milliseconds, ratios, bytes; `repeat_boot` a word), by name. */
export function measureStartup(options?: { quick?: boolean }): Promise<Record<string, number | string>>;
