// The sandbox-worker must never load the database (workers have Redis and Docker only): its whole
// import graph, as esbuild resolves it, holds no database module.
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("scripts/sandbox-worker.ts", () => {
  it("imports neither lib/db, Prisma nor the health report", async () => {
    const result = await build({
      entryPoints: ["scripts/sandbox-worker.ts"],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      packages: "external",
      conditions: ["react-server"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain("lib/runs/worker.ts");
    expect(inputs).toContain("lib/sandbox/run.ts");
    expect(inputs.filter((file) => /^lib\/(db|db-errors|health)\.ts$|generated|prisma/.test(file))).toEqual([]);
    const packages = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((entry) => entry.path));
    expect(packages.filter((name) => /prisma|better-sqlite3|^pg$/.test(name))).toEqual([]);
    expect(packages).toContain("bullmq");
  });
});
