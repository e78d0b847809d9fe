// Turns what the sandbox reported into what the learner is told. Output is compared after
// normalisation: line endings become \n, trailing spaces and tabs on each line are dropped, and
// blank lines at the very end are ignored. Everything else, including leading spaces, counts.
import type { RunResult } from "@/lib/sandbox/types";
import { diffLines } from "./diff";
import type { ShownDiffRow, Verdict } from "./types";

export function normalizeOutput(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""))
    .join("\n")
    .replace(/\n+$/, "");
}

export function outputsMatch(actual: string, expected: string): boolean {
  return normalizeOutput(actual) === normalizeOutput(expected);
}

/** How an exercise is judged: its expected output, or hidden tests whose results come back from the sandbox. */
export type Check = { kind: "output"; expectedOutput: string } | { kind: "tests" };

export function grade(result: RunResult, check: Check): Verdict {
  const { durationMs, stdout } = result;
  switch (result.outcome) {
    case "ok": {
      if (check.kind === "tests") {
        const tests = result.tests ?? [];
        return tests.length > 0 && tests.every((t) => t.passed)
          ? { status: "passed", stdout, durationMs, tests }
          : { status: "tests_failed", tests, stdout, durationMs };
      }
      const expectedOutput = check.expectedOutput;
      return outputsMatch(stdout, expectedOutput) && !result.truncated
        ? { status: "passed", stdout, durationMs }
        : {
            status: "wrong_output",
            expected: expectedOutput,
            diff: diffLines(expectedOutput, stdout).map(
              (row): ShownDiffRow => (row.kind === "expected" ? { kind: "expected", text: row.text, chars: [...row.text].length } : { kind: row.kind, text: row.text }),
            ),
            note: invisibleDifference(expectedOutput, stdout),
            actual: stdout,
            durationMs,
            truncated: result.truncated,
          };
    }
    case "compile_error":
      return { status: "compile_error", message: result.message, line: result.line, durationMs };
    case "runtime_error":
      return { status: "runtime_error", message: result.message, line: result.line, stacktrace: result.stacktrace, stdout, durationMs };
    case "timeout":
      return { status: "timeout", timeoutMs: result.timeoutMs, stdout, durationMs };
    case "memory_limit":
      return { status: "memory_limit", stdout, durationMs };
    case "process_limit":
      return { status: "process_limit", stdout, durationMs };
    case "output_limit":
      return { status: "output_limit", stdout, durationMs };
    case "crashed":
      return { status: "crashed", exitCode: result.exitCode, stdout, stderr: result.stderr, durationMs };
    case "busy":
      return { status: "busy", message: result.message };
    case "rejected":
    case "unavailable":
      return { status: "unavailable", message: result.message };
  }
}

/** When the outputs differ only where a line diff shows nothing, what the difference is. */
export function invisibleDifference(expected: string, actual: string): string | null {
  if (diffLines(expected, actual).some((row) => row.kind !== "same")) return null;
  const wantNewline = expected.endsWith("\n");
  const haveNewline = actual.endsWith("\n");
  if (wantNewline && !haveNewline) return "The only difference: the expected output ends with a newline and yours does not.";
  if (!wantNewline && haveNewline) return "The only difference: your output ends with a newline that is not expected.";
  return "The outputs differ only in characters that are not visible here.";
}
