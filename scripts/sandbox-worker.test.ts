// The sandbox-worker must never load the database (workers have Redis and Docker only): its whole
// graph of project modules, static and dynamic imports alike, holds no database module.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();

function resolveModule(specifier: string, from: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Project files and packages reachable from `entry`. */
function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [path.join(ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      const resolved = resolveModule(fileName, file);
      if (resolved) pending.push(resolved);
      else packages.add(fileName);
    }
  }
  return { files: [...files].map((file) => path.relative(ROOT, file)), packages: [...packages] };
}

describe("scripts/sandbox-worker.ts", () => {
  it("imports neither lib/db, Prisma nor the health report", () => {
    const { files, packages } = importGraph("scripts/sandbox-worker.ts");
    expect(files).toContain("lib/runs/worker.ts");
    expect(files).toContain("lib/sandbox/run.ts");
    expect(files.filter((file) => /^lib\/(db|db-errors|health)\.ts$|generated|prisma/.test(file))).toEqual([]);
    expect(packages.filter((name) => /prisma|better-sqlite3|^pg$/.test(name))).toEqual([]);
    expect(packages).toContain("bullmq");
  });

  it("would notice: the web's run path does reach the database", () => {
    expect(importGraph("lib/exercises/run-exercise.ts").files).toContain("lib/db.ts");
  });
});
