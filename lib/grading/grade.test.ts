import { describe, expect, it } from "vitest";
import type { RunResult } from "@/lib/sandbox/types";
import { forLearner } from "./learner-view";
import { grade, invisibleDifference, normalizeOutput, outputsMatch } from "./grade";

const base = { stdout: "", stderr: "", truncated: false, durationMs: 12 };

describe("normalizeOutput", () => {
  it("drops trailing spaces and tabs per line and trailing blank lines", () => {
    expect(normalizeOutput("a  \nb\t\n\n\n")).toBe("a\nb");
  });
  it("turns CRLF and CR into LF", () => {
    expect(normalizeOutput("a\r\nb\rc")).toBe("a\nb\nc");
  });
  it("keeps leading spaces and blank lines in the middle", () => {
    expect(normalizeOutput("  a\n\nb")).toBe("  a\n\nb");
  });
});

describe("outputsMatch", () => {
  it("ignores only the documented differences", () => {
    expect(outputsMatch("Hello, world!\n", "Hello, world!")).toBe(true);
    expect(outputsMatch("Hello, world! \r\n", "Hello, world!\n\n")).toBe(true);
    expect(outputsMatch("hello, world!", "Hello, world!")).toBe(false);
    expect(outputsMatch(" Hello", "Hello")).toBe(false);
    expect(outputsMatch("a\n\nb", "a\nb")).toBe(false);
  });
});

describe("grade", () => {
  it("passes matching output", () => {
    expect(grade({ ...base, outcome: "ok", stdout: "42\n" }, { kind: "output", expectedOutput: "42" })).toEqual({ status: "passed", stdout: "42\n", durationMs: 12 });
  });
  it("fails different output with expected and actual", () => {
    expect(grade({ ...base, outcome: "ok", stdout: "41\n" }, { kind: "output", expectedOutput: "42" })).toEqual({
      status: "wrong_output",
      expected: "42",
      diff: [
        { kind: "expected", text: "42", chars: 2 },
        { kind: "actual", text: "41" },
      ],
      note: null,
      actual: "41\n",
      durationMs: 12,
      truncated: false,
    });
  });
  it("explains a difference the line diff cannot show", () => {
    const verdict = grade({ ...base, outcome: "ok", stdout: "a  \nb" }, { kind: "output", expectedOutput: "a\nc\n" });
    expect(verdict).toMatchObject({ status: "wrong_output", note: null });
    expect(invisibleDifference("a\n", "a")).toMatch(/ends with a newline and yours does not/);
    expect(invisibleDifference("a", "a\n")).toMatch(/newline that is not expected/);
  });
  it("masks the expected lines a learner has not earned, and only those", () => {
    const verdict = grade({ ...base, outcome: "ok", stdout: "Ada\nx\n" }, { kind: "output", expectedOutput: "Ada\n36\n\n" });
    const masked = forLearner(verdict, false);
    expect(masked).toMatchObject({ status: "wrong_output", expected: null, actual: "Ada\nx\n" });
    expect(masked.status === "wrong_output" && masked.diff).toEqual([
      { kind: "same", text: "Ada" },
      { kind: "expected", text: null, chars: 2 },
      { kind: "expected", text: null, chars: 0 },
      { kind: "actual", text: "x" },
    ]);
    expect(JSON.stringify(masked)).not.toContain("36");
    expect(forLearner(verdict, true)).toBe(verdict);
  });
  it("never passes truncated output, even when the kept part matches", () => {
    expect(grade({ ...base, outcome: "ok", stdout: "42", truncated: true }, { kind: "output", expectedOutput: "42" }).status).toBe("wrong_output");
  });
  it("carries compile errors with their line", () => {
    const result: RunResult = { ...base, outcome: "compile_error", message: "syntax error", line: 3 };
    expect(grade(result, { kind: "output", expectedOutput: "x" })).toEqual({ status: "compile_error", message: "syntax error", line: 3, durationMs: 12 });
  });
  it("maps every other outcome to its own status", () => {
    const cases: RunResult[] = [
      { ...base, outcome: "runtime_error", message: "boom", line: 1, stacktrace: "" },
      { ...base, outcome: "timeout", timeoutMs: 5000 },
      { ...base, outcome: "memory_limit" },
      { ...base, outcome: "output_limit" },
      { ...base, outcome: "crashed", exitCode: 3 },
      { ...base, outcome: "unavailable", message: "start dockerd" },
    ];
    expect(cases.map((r) => grade(r, { kind: "output", expectedOutput: "x" }).status)).toEqual(["runtime_error", "timeout", "memory_limit", "output_limit", "crashed", "unavailable"]);
  });
});
