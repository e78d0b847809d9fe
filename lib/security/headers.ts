// The site's security headers: the per-request Content-Security-Policy (built by proxy.ts with a
// fresh nonce) and the fixed headers next.config.ts puts on every response, static files included.
// Why each one is there: docs/security.md.

/** A fresh, unguessable nonce: 16 random bytes, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export interface PolicyOptions {
  /** `next dev` needs eval for React's debugging aids; production never does. */
  dev: boolean;
  /** Over HTTPS, any http: subresource is upgraded instead of loaded in clear text. */
  https: boolean;
}

/**
 * Scripts: only Next's own (and what they load: 'strict-dynamic') and inline scripts carrying the
 * nonce. Style elements: the app's stylesheets and nonce'd ones (Monaco's get the nonce from
 * components/editor/csp-style-nonce.ts). Style attributes stay allowed: React renders them in the
 * server HTML (the editor's height, shiki's token colours, recharts) and they cannot carry a nonce.
 */
export function contentSecurityPolicy(nonce: string, { dev, https }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Next's dev server injects unnonced style elements for hot reloading.
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ];
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Headers that do not change per request; next.config.ts sends them with every response. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

/** Sent only when the request came over HTTPS (browsers ignore it over HTTP anyway). */
export const HSTS_HEADER = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" };

/**
 * Whether X-Forwarded-Proto says the request came over HTTPS: the scheme the nearest hop reported
 * (scripts/server.mjs writes a single value, the socket's scheme or the trusted proxy's). The one
 * reading of that header, for the CSP/HSTS here and the cookies' Secure flag (lib/http/request.ts).
 * Dependency-free like the rest of this file: next.config.ts loads it.
 */
export function forwardedHttps(forwardedProto: string | null | undefined): boolean {
  return forwardedProto?.split(",")[0]?.trim() === "https";
}

/** Whether the request reached the site over HTTPS, directly or through a proxy that says so. */
export function isHttpsRequest(protocol: string, forwardedProto: string | null): boolean {
  return protocol === "https:" || forwardedHttps(forwardedProto);
}
