/**
 * Content-Security-Policy of the playground. Scripts and styles come from this origin only (no
 * inline script, no eval), the page talks to this origin only, and it cannot be framed:
 * citation snippets are stored content, so even a rendering bug must not let them execute.
 */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers sent with every playground file. */
export const PLAYGROUND_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': PLAYGROUND_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  // Revalidate each time (cheap with the ETag) so a new deployment is never half-cached.
  'cache-control': 'no-cache',
};
