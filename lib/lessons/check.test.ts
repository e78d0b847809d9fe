// The report logic of content:check for test-checked exercises, with a runner that answers the
// way the sandbox's ExUnit support does. The real sandbox is exercised by
// scripts/content-check.integration.test.ts; this pins down the verdicts and the wording.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRequest, RunResult } from "@/lib/sandbox/types";
import { checkContent, formatReport, sampleProblem } from "./check";

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
    expect(report.summary).toEqual({ lessons: 1, exercises: 2, solutions_passed: 1, starters_failed: 2, examples: 0, examples_ok: 0, samples: 0, samples_ok: 0, problems: 1, practice: 0, practice_exercises: 0 });
    expect(formatReport(report)).toEqual([
      'lib/lessons/__fixtures__/check-tests/01-tests.mdx:38: exercise "tests-wrong": the reference solution does not pass (tests_failed)',
      '  test "doubles 5" failed',
      "  message:",
      "    | Assertion with == failed",
      "    | code:  assert Calc2.double(5) == 10",
      "    | left:  7",
      "    | right: 10",
      "content:check: 1 lessons, 2 exercises: 1 solutions pass, 2 starters fail, 0/0 examples run, 0/0 samples as marked; 1 problem",
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

const base = { stdout: "", stderr: "", truncated: false, durationMs: 5 };
const ok: RunResult = { ...base, outcome: "ok", stdout: "2\n" };
const compileError: RunResult = { ...base, outcome: "compile_error", message: "undefined variable \"x\"", line: 2 };
const runtimeError: RunResult = { ...base, outcome: "runtime_error", message: "** (MatchError) no match of right hand side value: {:error, :nope}", line: 1, stacktrace: "" };
const timeout: RunResult = { ...base, outcome: "timeout", timeoutMs: 10_000 };

describe("sampleProblem", () => {
  const plain = { code: "IO.puts(1 + 1)", line: 7, fails: false };
  const failing = { code: "{:ok, v} = {:error, :nope}", line: 9, fails: true };

  it("accepts an unmarked sample that runs to its end, and rejects one that errors, with the error and its line", () => {
    expect(sampleProblem(plain, ok)).toBeNull();
    expect(sampleProblem(plain, compileError)).toEqual({
      problem: "a sample in prose ends in a compile error: fix it, or mark it ```elixir fails if the error is the point",
      details: ['  compile error at line 2 of the sample: undefined variable "x"'],
    });
    expect(sampleProblem(plain, runtimeError)?.problem).toContain("ends in a runtime error");
  });

  it("accepts a sample marked fails only when it ends in a compile or runtime error", () => {
    expect(sampleProblem(failing, compileError)).toBeNull();
    expect(sampleProblem(failing, runtimeError)).toBeNull();
    expect(sampleProblem(failing, ok)).toEqual({
      problem: 'a sample marked ```elixir fails runs without an error: remove "fails" or make it fail',
      details: ["  output:", "    | 2"],
    });
  });

  it("rejects a limit either way: hitting one is not the error a sample shows", () => {
    expect(sampleProblem(plain, timeout)).toEqual({ problem: "a sample in prose ends in timeout", details: ["  did not finish within 10000 ms"] });
    expect(sampleProblem(failing, timeout)?.problem).toBe("a sample marked ```elixir fails ends in timeout, not in a compile or runtime error");
    expect(sampleProblem(plain, { ...base, outcome: "memory_limit" })).not.toBeNull();
  });
});

describe("checkContent with prose samples", () => {
  const good = path.join(process.cwd(), "lib/lessons/__fixtures__/check-good");

  /** Answers like the sandbox: a sample that matches {:error, _} against {:ok, _} raises, anything else prints. */
  async function sampleRunner(request: RunRequest): Promise<RunResult> {
    if (request.code.includes("{:ok, value} = {:error, :nope}")) return runtimeError;
    if (request.code.includes("# print n doubled") || request.code === 'IO.puts("a")\n') return { ...base, outcome: "ok", stdout: "" };
    return { ...base, outcome: "ok", stdout: request.code.includes("IO.puts(n * 2)") ? "42\n" : request.code.includes("Enum.sum([1, 2]") ? "3\n" : "a\nb\n" };
  }

  it("runs every sample once, alone, and counts those that end as marked", async () => {
    const requests: RunRequest[] = [];
    const report = await checkContent(good, { run: async (r) => (requests.push(r), sampleRunner(r)) });
    expect(report.summary).toMatchObject({ samples: 2, samples_ok: 2 });
    expect(requests.filter((r) => r.code === 'greeting = "hello"\nIO.puts(String.upcase(greeting))')).toEqual([{ code: 'greeting = "hello"\nIO.puts(String.upcase(greeting))' }]);
    expect(requests.filter((r) => r.code.startsWith("{:ok, value} = {:error, :nope}"))).toHaveLength(1);
  });

  it("reports a sample that errors with file:line, and skips samples of files not asked for", async () => {
    const report = await checkContent(good, { run: async (r) => (r.code.startsWith("greeting") ? compileError : sampleRunner(r)) });
    expect(report.summary).toMatchObject({ samples: 2, samples_ok: 1 });
    expect(formatReport(report)).toContain("lib/lessons/__fixtures__/check-good/01-good.mdx:20: a sample in prose ends in a compile error: fix it, or mark it ```elixir fails if the error is the point");
    const only = await checkContent(good, { run: sampleRunner, only: ["lib/lessons/__fixtures__/check-good/practice/good-sum.mdx"] });
    expect(only.summary).toMatchObject({ samples: 0, samples_ok: 0 });
  });

  it("prints the wall time when given", () => {
    const summary = { lessons: 1, exercises: 0, solutions_passed: 0, starters_failed: 0, examples: 0, examples_ok: 0, samples: 1, samples_ok: 1, problems: 0, practice: 0, practice_exercises: 0 };
    expect(formatReport({ summary, problems: [] }, 12.34)).toEqual(["content:check: 1 lessons, 0 exercises: 0 solutions pass, 0 starters fail, 0/0 examples run, 1/1 samples as marked; no problems (12.3 s)"]);
  });
});
