import type { NextConfig } from "next";
import { HSTS_HEADER, STATIC_SECURITY_HEADERS } from "./lib/security/headers";
import { SERVER_ACTION_BODY_LIMIT } from "./lib/security/action-request";

const nextConfig: NextConfig = {
  // Native and Docker-facing modules stay in Node's require graph instead of the bundle.
  serverExternalPackages: ["dockerode", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  experimental: {
    // The largest legitimate action is a draft save (lib/security/action-request.ts).
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT },
    // proxy.ts may read a body (action requests); no legitimate body comes near this.
    proxyClientMaxBodySize: "1mb",
    // Turbopack's build cache (.next/cache) speeds up the next build in the same folder; an image
    // build (Dockerfile) starts clean every time and sets NEXT_BUILD_CACHE=0 to skip writing it.
    turbopackFileSystemCacheForBuild: process.env.NEXT_BUILD_CACHE !== "0",
  },
  // Fixed security headers on every response, static assets included; the per-request CSP comes
  // from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS_HEADER] },
    ];
  },
  turbopack: {
    rules: {
      "*.css": {
        loaders: ["@tailwindcss/turbopack"],
        as: "*.css",
      },
    },
  },
};

export default nextConfig;
