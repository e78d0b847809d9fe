// Runs `npm run content:sync` as the set-up does, against a scratch course, in the real sandbox and
// the test database: the gate holds back exercises that do not prove themselves and names why.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { syncLessons } from "@/lib/lessons/sync";

const exercise = (id: string, { starter = "", solution, expected }: { starter?: string; solution: string; expected: string }) => `
<Exercise id="${id}" title="Exercise ${id}">

Print what is expected.

\`\`\`elixir starter
${starter}
\`\`\`

\`\`\`elixir solution
${solution}
\`\`\`

\`\`\`text expected
${expected}
\`\`\`

</Exercise>
`;

const lesson = (body: string) => `---
title: Gate test
slug: gate-test
order: 901
part: basics
summary: Used by the content:sync gate test.
minutes: 5
---

# Gate test
${body}`;

const good = exercise("gate-good", { solution: 'IO.puts("good")', expected: "good" });
const editedV1 = exercise("gate-edited", { solution: 'IO.puts("one")', expected: "one" });
// The same exercise with a reference solution that prints the wrong thing.
const editedV2 = exercise("gate-edited", { solution: 'IO.puts("two")', expected: "one" });
const wrongSolution = exercise("gate-wrong-solution", { solution: "IO.puts(2)", expected: "1" });
const passingStarter = exercise("gate-passing-starter", { starter: 'IO.puts("free")', solution: 'IO.puts("free")', expected: "free" });
// Allocates far more than the sandbox's 256 MiB.
const crashingExample = '\n```elixir run\nbig = :binary.copy("x", 600_000_000)\nIO.puts(byte_size(big))\n```\n';

const dir = fs.mkdtemp(path.join(os.tmpdir(), "gate-"));

async function sync(source: string): Promise<{ code: number; out: string }> {
  const content = await dir;
  await fs.writeFile(path.join(content, "01-gate-test.mdx"), source);
  const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
  return promisify(execFile)(tsx, ["--conditions=react-server", "scripts/content-sync.ts"], {
    env: { ...process.env, CONTENT_DIR: content },
    timeout: 240_000,
  }).then(
    (r) => ({ code: 0, out: `${r.stdout}\n${r.stderr}` }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ""}\n${e.stderr ?? ""}` }),
  );
}

const lineOf = (source: string, id: string) => source.split("\n").findIndex((l) => l.includes(`<Exercise id="${id}"`)) + 1;

afterAll(async () => {
  await syncLessons(db, path.join(process.cwd(), "content"));
  await fs.rm(await dir, { recursive: true, force: true });
});

describe("content:sync's gate", { timeout: 300_000 }, () => {
  it("holds back a wrong solution, a passing starter and a changed exercise gone wrong, names a crashing example, and exits non-zero", async () => {
    const first = await sync(lesson(good + editedV1));
    expect(first.code, first.out).toBe(0);
    const proved = await db.exercise.findUniqueOrThrow({ where: { id: "gate-edited" } });
    expect(proved).toMatchObject({ solution: 'IO.puts("one")', archivedAt: null });
    expect(proved.checkedHash).toMatch(/^[0-9a-f]{64}$/);

    const source = lesson(good + editedV2 + wrongSolution + passingStarter + crashingExample);
    const file = path.join(await dir, "01-gate-test.mdx");
    const shown = path.relative(process.cwd(), file).startsWith("..") ? file : path.relative(process.cwd(), file);
    const second = await sync(source);
    expect(second.code, second.out).toBe(3);
    expect(second.out).toContain(
      `${shown}:${lineOf(source, "gate-edited")}: exercise "gate-edited": the reference solution does not pass (wrong_output)\n  expected:\n    | one\n  actual:\n    | two\n`,
    );
    expect(second.out).toContain(`${shown}:${lineOf(source, "gate-wrong-solution")}: exercise "gate-wrong-solution": the reference solution does not pass (wrong_output)`);
    expect(second.out).toContain(`${shown}:${lineOf(source, "gate-passing-starter")}: exercise "gate-passing-starter": the starter code already passes`);
    const exampleLine = source.split("\n").indexOf("```elixir run") + 1;
    expect(second.out).toContain(`${shown}:${exampleLine}: runnable example ends in memory_limit`);
    expect(second.out).toMatch(/held back 3 exercises \(gate-edited, gate-wrong-solution, gate-passing-starter\)/);
    // gate-good was proved by the first sync: the second runs it no more.
    expect(second.out).not.toContain("gate-good (");

    // Nothing of the broken exercises reached the database; the proved version of gate-edited stays live.
    expect(await db.exercise.findMany({ where: { id: { in: ["gate-wrong-solution", "gate-passing-starter"] } } })).toEqual([]);
    expect(await db.exercise.findUniqueOrThrow({ where: { id: "gate-edited" } })).toMatchObject({ solution: 'IO.puts("one")', checkedHash: proved.checkedHash, archivedAt: null });
    expect(await db.exercise.findUniqueOrThrow({ where: { id: "gate-good" } })).toMatchObject({ archivedAt: null });
    expect((await db.lesson.findUniqueOrThrow({ where: { slug: "gate-test" } })).examplesHash).toBeNull();
  });
});
