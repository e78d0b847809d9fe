import { describe, expect, it } from "vitest";
import { clientBehindProxies, rewriteForwardedHeaders } from "./forwarded-headers.mjs";

describe("rewriteForwardedHeaders", () => {
  it("with no trusted proxy, the peer is the client whatever the request claims", () => {
    const headers: Record<string, string | string[] | undefined> = {
      "x-forwarded-for": "1.2.3.4",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      "x-real-ip": "5.6.7.8",
    };
    rewriteForwardedHeaders(headers, { peer: "203.0.113.9", encrypted: false }, 0);
    expect(headers).toEqual({ "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "http" });
  });

  it("behind one proxy, the client is the address that proxy appended", () => {
    const headers: Record<string, string | string[] | undefined> = { "x-forwarded-for": "6.6.6.6, 198.51.100.20", "x-forwarded-proto": "https" };
    rewriteForwardedHeaders(headers, { peer: "10.0.0.1", encrypted: false }, 1);
    expect(headers).toEqual({ "x-forwarded-for": "198.51.100.20", "x-forwarded-proto": "https" });
  });

  it("a bogus forwarded scheme falls back to the socket's", () => {
    const headers: Record<string, string | string[] | undefined> = { "x-forwarded-proto": "gopher" };
    rewriteForwardedHeaders(headers, { peer: "10.0.0.1", encrypted: true }, 1);
    expect(headers["x-forwarded-proto"]).toBe("https");
  });
});

describe("clientBehindProxies", () => {
  it("counts hops from the right of X-Forwarded-For + peer", () => {
    expect(clientBehindProxies("spoofed, client, proxy1", "proxy2", 2)).toBe("client");
    expect(clientBehindProxies("client", "proxy", 1)).toBe("client");
    expect(clientBehindProxies(undefined, "peer", 0)).toBe("peer");
    expect(clientBehindProxies(["a, b", "c"], "peer", 1)).toBe("c");
  });

  it("uses the leftmost address when the chain is shorter than the hops promised", () => {
    expect(clientBehindProxies(undefined, "peer", 2)).toBe("peer");
    expect(clientBehindProxies("client", "proxy", 5)).toBe("client");
  });
});
