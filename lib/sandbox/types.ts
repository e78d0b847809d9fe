// The sandbox's whole public contract: one request in, one outcome out. Nothing outside
// lib/sandbox knows about Docker; callers switch on `outcome`.

export interface RunRequest {
  /** Elixir source, UTF-8. Size is checked before anything reaches Docker. */
  code: string;
  /** Wall-clock budget for the learner's code, in milliseconds. */
  timeoutMs?: number;
  /**
   * ExUnit test bodies (`test "name" do ... end`, plus any helpers) to run against the learner's
   * code after it has been evaluated. They run in a second container, the judge, and reach the
   * learner's code only through calls to its modules' functions (docs/sandbox.md). When present,
   * an `ok` result carries `tests`.
   */
  tests?: string;
}

/** One ExUnit test's result, in the order the tests are written. */
export interface TestResult {
  name: string;
  passed: boolean;
  /** Why it failed (assertion message with left/right, or the exception), learner-readable. */
  message: string | null;
  /** What the learner's code printed during this test's calls, when it printed anything. */
  output?: string | null;
}

interface RunBase {
  /** What the program printed to standard output, possibly truncated (see `truncated`). */
  stdout: string;
  /** What the program printed to standard error, possibly truncated. */
  stderr: string;
  /** True when output went past the cap and the rest was dropped. */
  truncated: boolean;
  /** Time from handing the code over to having the result, in milliseconds. */
  durationMs: number;
}

export type RunResult =
  /** The program ran to its end. */
  | (RunBase & { outcome: "ok"; tests?: TestResult[] })
  /** The code did not compile; `line` is 1-based in the learner's source when known. */
  | (RunBase & { outcome: "compile_error"; message: string; line: number | null })
  /** An exception, throw or exit escaped the learner's code; `stacktrace` holds only the learner's frames. */
  | (RunBase & { outcome: "runtime_error"; message: string; line: number | null; stacktrace: string })
  /** The wall-clock budget ran out; the container was killed. */
  | (RunBase & { outcome: "timeout"; timeoutMs: number })
  /** The container reached its memory limit. */
  | (RunBase & { outcome: "memory_limit" })
  /** The program started more BEAM or OS processes than allowed. */
  | (RunBase & { outcome: "process_limit" })
  /** Output went past the cap; the container was killed. */
  | (RunBase & { outcome: "output_limit" })
  /** The VM ended without a result (for example `System.halt/1`), with its exit status. */
  | (RunBase & { outcome: "crashed"; exitCode: number | null })
  /** No container was free within the bound on waiting; try again shortly. */
  | (RunBase & { outcome: "busy"; message: string })
  /** The source was refused before reaching Docker (too large, not UTF-8, NUL bytes); `message` says why. */
  | (RunBase & { outcome: "rejected"; message: string })
  /** The sandbox could not run the code at all (engine down, image missing); `message` says what to do. */
  | (RunBase & { outcome: "unavailable"; message: string });

export type RunOutcome = RunResult["outcome"];
