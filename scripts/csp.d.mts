/** The app's Content-Security-Policy, directive by directive. */
export const CSP_DIRECTIVES: Record<string, string[]>;
/** The same policy as one header value. */
export const CONTENT_SECURITY_POLICY: string;
