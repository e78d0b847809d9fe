// Runs `npm run content:check` as CI does, against fixture courses, in the real sandbox.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import * as sandbox from "@/lib/sandbox";

const fixtures = "lib/lessons/__fixtures__";

function runCheck(dir: string, files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
  return promisify(execFile)(tsx, ["--conditions=react-server", "scripts/content-check.ts", ...files], {
    env: { ...process.env, CONTENT_DIR: `${fixtures}/${dir}` },
    timeout: 120_000,
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
}

async function contentCheck(dir: string, files: string[] = []): Promise<{ code: number; stdout: string; stderr: string; summary: Record<string, number> }> {
  const { code, stdout, stderr } = await runCheck(dir, files);
  const last = stdout.trimEnd().split("\n").at(-1) ?? "";
  const { seconds, ...summary } = JSON.parse(last) as Record<string, number>;
  // The wall time is in the JSON and on the readable line.
  expect(seconds).toBeGreaterThan(0);
  expect(stdout).toContain(` (${(seconds ?? 0).toFixed(1)} s)\n`);
  return { code, stdout, stderr, summary };
}

// The probe below may start the sandbox's pool (when it has one) in this process: stop it.
afterAll(async () => {
  const shutdown: unknown = Reflect.get(sandbox, "shutdown");
  if (typeof shutdown === "function") await (shutdown as () => Promise<void>)();
});

describe("content:check", { timeout: 180_000 }, () => {
  it("passes a good course: every solution passes, every starter fails, examples run, samples end as marked, drafts included", async () => {
    const { code, stdout, summary } = await contentCheck("check-good");
    expect(summary).toEqual({ lessons: 2, exercises: 4, solutions_passed: 4, starters_failed: 4, examples: 1, examples_ok: 1, samples: 2, samples_ok: 2, problems: 0, practice: 1, practice_exercises: 1 });
    expect(stdout).toContain("no problems");
    expect(code).toBe(0);
  });

  it("checks a named file alone, resolving its prerequisites from the other files without running them", async () => {
    const { code, stdout, summary } = await contentCheck("check-good", [`${fixtures}/check-good/02-draft.mdx`]);
    expect(summary).toEqual({ lessons: 1, exercises: 1, solutions_passed: 1, starters_failed: 1, examples: 0, examples_ok: 0, samples: 0, samples_ok: 0, problems: 0, practice: 0, practice_exercises: 0 });
    expect(stdout).toContain(`content:check: [1/1] ${fixtures}/check-good/02-draft.mdx: ok`);
    expect(stdout).not.toContain("01-good.mdx");
    expect(code).toBe(0);
    const missing = await runCheck("check-good", [`${fixtures}/check-good/99-missing.mdx`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`no such file: ${fixtures}/check-good/99-missing.mdx`);
  });

  it("reports a wrong solution, a starter that already passes, a malformed lesson and samples that do not end as marked, and exits non-zero", async () => {
    const { code, stdout, summary } = await contentCheck("check-bad");
    expect(summary).toEqual({ lessons: 2, exercises: 3, solutions_passed: 2, starters_failed: 2, examples: 0, examples_ok: 0, samples: 2, samples_ok: 0, problems: 5, practice: 0, practice_exercises: 0 });
    expect(code).toBe(1);
    expect(stdout).toContain(`${fixtures}/check-bad/01-bad.mdx:10: exercise "bad-solution": the reference solution does not pass (wrong_output)\n  expected:\n    | 1\n  actual:\n    | 2\n`);
    expect(stdout).toContain(`${fixtures}/check-bad/01-bad.mdx:27: exercise "bad-starter": the starter code already passes`);
    expect(stdout).toContain(`${fixtures}/check-bad/02-broken.mdx:1: frontmatter is missing "minutes"`);
    expect(stdout).toContain(`${fixtures}/check-bad/01-bad.mdx:65: a sample in prose ends in a runtime error: fix it, or mark it \`\`\`elixir fails if the error is the point\n  runtime error at line 2 of the sample:`);
    expect(stdout).toContain(`${fixtures}/check-bad/01-bad.mdx:72: a sample marked \`\`\`elixir fails runs without an error`);
  });

  it("checks test-checked exercises with their ExUnit tests and names the failing test", async () => {
    const probe = await sandbox.run({ code: "", tests: 'test "probe" do\n  assert true\nend' });
    expect(probe).toMatchObject({ outcome: "ok", tests: [{ name: "probe", passed: true, message: null }] });
    const { code, stdout, summary } = await contentCheck("check-tests");
    expect(summary).toEqual({ lessons: 1, exercises: 2, solutions_passed: 1, starters_failed: 2, examples: 0, examples_ok: 0, samples: 0, samples_ok: 0, problems: 1, practice: 0, practice_exercises: 0 });
    expect(code).toBe(1);
    expect(stdout).toContain(`${fixtures}/check-tests/01-tests.mdx:38: exercise "tests-wrong": the reference solution does not pass (tests_failed)`);
    expect(stdout).toContain('test "doubles 5" failed');
    expect(stdout).not.toContain('test "doubles 2" failed');
  });
});
