/** Serves a folder with the app's headers; see scripts/serve.mjs. */
export function serve(options?: {
  dir?: string;
  port?: number;
  host?: string;
  headers?: boolean;
  csp?: boolean;
  compress?: boolean;
  files?: Record<string, string>;
}): Promise<{ url: string; bytesSent: () => number; close: () => Promise<void> }>;
/** The encodings an Accept-Encoding header allows. */
export function acceptedEncodings(header: string | undefined | null): Set<string>;
/** The file to send for `file` given an Accept-Encoding header. */
export function negotiate(
  file: string,
  acceptEncoding: string | undefined | null,
): Promise<{ file: string; size: number | null; encoding: string | null; vary: boolean }>;
