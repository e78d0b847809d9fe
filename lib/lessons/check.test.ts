// The report logic of content:check for test-checked exercises, with a runner that answers the
// way the sandbox's ExUnit support does. The real sandbox is exercised by
// scripts/content-check.integration.test.ts; this pins down the verdicts and the wording.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRequest, RunResult } from "@/lib/sandbox/types";
import { checkContent, formatReport } from "./check";

const dir = path.join(process.cwd(), "lib/lessons/__fixtures__/check-tests");

/** Runs the fixture's tests "by hand": Calc.add is right in the add solution, Calc2.double is wrong in its solution. */
async function runner(request: RunRequest): Promise<RunResult> {
  const base = { stdout: "", stderr: "", truncated: false, durationMs: 5 };
  const hasAdd = request.code.includes("def add(a, b), do: a + b");
  const hasDouble = request.code.includes("def double");
  if (request.tests?.includes("Calc.add")) {
    return { ...base, outcome: "ok", tests: [{ name: "adds two numbers", passed: hasAdd, message: hasAdd ? null : "undefined function Calc.add/2" }, { name: "adds negatives", passed: hasAdd, message: null }] };
  }
  return {
    ...base,
    outcome: "ok",
    tests: [
      { name: "doubles 2", passed: hasDouble, message: hasDouble ? null : "undefined function" },
      { name: "doubles 5", passed: false, message: hasDouble ? "Assertion with == failed\ncode:  assert Calc2.double(5) == 10\nleft:  7\nright: 10" : "undefined function" },
    ],
  };
}

describe("checkContent with test-checked exercises", () => {
  it("passes a solution whose tests all pass, reports the failing test of a wrong one, and counts failing starters", async () => {
    const report = await checkContent(dir, { run: runner });
    expect(report.summary).toEqual({ lessons: 1, exercises: 2, solutions_passed: 1, starters_failed: 2, examples: 0, examples_ok: 0, problems: 1, practice: 0, practice_exercises: 0 });
    expect(formatReport(report)).toEqual([
      'lib/lessons/__fixtures__/check-tests/01-tests.mdx:38: exercise "tests-wrong": the reference solution does not pass (tests_failed)',
      '  test "doubles 5" failed',
      "  message:",
      "    | Assertion with == failed",
      "    | code:  assert Calc2.double(5) == 10",
      "    | left:  7",
      "    | right: 10",
      "content:check: 1 lessons, 2 exercises: 1 solutions pass, 2 starters fail, 0/0 examples run; 1 problem",
    ]);
  });

  it("sends each exercise's tests along with its solution and with its starter", async () => {
    const requests: RunRequest[] = [];
    await checkContent(dir, { run: async (r) => (requests.push(r), runner(r)) });
    expect(requests).toHaveLength(4);
    for (const r of requests) expect(r.tests).toMatch(/^test "/);
    expect(requests.filter((r) => r.code.includes("def add(a, b), do: a + b") && r.tests?.includes("Calc.add"))).toHaveLength(1);
    expect(requests.filter((r) => r.code.includes("# def add(a, b)") && r.tests?.includes("Calc.add"))).toHaveLength(1);
  });
});
