import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, isHttpsRequest } from "./headers";

describe("contentSecurityPolicy", () => {
  it("allows scripts only by nonce (and what they load) in production, never inline or eval", () => {
    const policy = contentSecurityPolicy("abc123", { dev: false, https: false });
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic';");
    expect(policy).toContain("style-src 'self' 'nonce-abc123';");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy.match(/unsafe-inline/g)).toEqual(["unsafe-inline"]); // style attributes only
    expect(policy).toContain("style-src-attr 'unsafe-inline'");
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "default-src 'self'"]) expect(policy).toContain(d);
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("adds eval and unnonced styles in development only, and upgrades subresources over HTTPS", () => {
    expect(contentSecurityPolicy("n", { dev: true, https: false })).toMatch(/script-src [^;]*'unsafe-eval'.*style-src 'self' 'unsafe-inline'/);
    expect(contentSecurityPolicy("n", { dev: false, https: true })).toMatch(/; upgrade-insecure-requests$/);
  });
});

describe("createNonce", () => {
  it("makes a different 128-bit base64 value every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

describe("isHttpsRequest", () => {
  it("trusts the URL or the first X-Forwarded-Proto hop", () => {
    expect(isHttpsRequest("https:", null)).toBe(true);
    expect(isHttpsRequest("http:", "https, http")).toBe(true);
    expect(isHttpsRequest("http:", "http")).toBe(false);
    expect(isHttpsRequest("http:", null)).toBe(false);
  });
});
