import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Docker-facing modules stay in Node's require graph instead of the bundle.
  serverExternalPackages: ["dockerode", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
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
