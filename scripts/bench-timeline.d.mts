/** Timeline figures measured in headless Chromium (milliseconds and counts), by name. */
export function benchTimeline(): Promise<Record<string, number>>;
