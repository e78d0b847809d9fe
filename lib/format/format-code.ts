// Format: the learner's code through the sandbox's own `Code.format_string!/2`, so the answer is
// exactly what `mix format` would write for the Elixir the sandbox runs. It is a sandbox run like
// any other (rate limits per learner and address, admission, the pool): the code is only parsed
// and formatted there, never evaluated, and reaches the program as base64, never as source.
import "server-only";
import { runSandbox } from "@/lib/runs/dispatch";
import { admitSandboxWork, isSandboxRefusal, retryableAnswer } from "@/lib/runs/gate";
import type { Housekeeping } from "@/lib/sandbox";
import { randomUUID } from "node:crypto";

/** Base64 grows the source by a third; the program must stay under the sandbox's source cap. */
const MAX_FORMAT_BYTES = 32 * 1024;

export type FormatResult =
  | { kind: "formatted"; code: string }
  | { kind: "syntax_error"; line: number | null; message: string }
  | { kind: "busy" | "rate_limited" | "unavailable"; message: string; retryAfterMs: number }
  | { kind: "invalid" | "error"; message: string };

/** The Elixir program that formats `code`: first output line `ok` or `error <line>`, then the text. */
export function formatProgram(code: string): string {
  const encoded = Buffer.from(code, "utf8").toString("base64");
  return [
    `source = Base.decode64!("${encoded}")`,
    "try do",
    // As `mix format` writes a file: the formatted text and one newline, or nothing for blank input.
    '  formatted = if String.trim(source) == "", do: "", else: IO.iodata_to_binary([Code.format_string!(source), ?\\n])',
    '  IO.write(["ok\\n", formatted])',
    "rescue",
    "  error in [SyntaxError, TokenMissingError, MismatchedDelimiterError] ->",
    '    IO.write(["error ", to_string(error.line || ""), "\\n", Exception.message(error)])',
    "end",
  ].join("\n");
}

/** Reads the program's output; null when it is not what formatProgram prints. */
export function parseFormatOutput(stdout: string): FormatResult | null {
  const newline = stdout.indexOf("\n");
  if (newline < 0) return null;
  const head = stdout.slice(0, newline);
  const body = stdout.slice(newline + 1);
  if (head === "ok") return { kind: "formatted", code: body };
  const error = /^error (\d*)$/.exec(head);
  if (!error) return null;
  const line = error[1] ? Number(error[1]) : null;
  return { kind: "syntax_error", line, message: line ? `cannot format: line ${line}` : "cannot format: the code has a syntax error" };
}

/** `housekeeping`: when the sandbox cleans up after the run (lib/sandbox/pool.ts); actions pass Next's `after`. */
export async function formatCode(code: string, learnerId: string, address: string, housekeeping?: Housekeeping): Promise<FormatResult> {
  if (Buffer.byteLength(code, "utf8") > MAX_FORMAT_BYTES) return { kind: "invalid", message: `Format takes at most ${MAX_FORMAT_BYTES / 1024} KiB of code.` };
  const admitted = await admitSandboxWork(learnerId, address, () => runSandbox({ code: formatProgram(code) }, randomUUID(), undefined, housekeeping));
  if (!admitted.ok) return { kind: admitted.kind, message: admitted.message, retryAfterMs: admitted.retryAfterMs };
  const result = admitted.value;
  if (isSandboxRefusal(result)) return retryableAnswer(result);
  switch (result.outcome) {
    case "ok":
      return parseFormatOutput(result.stdout) ?? { kind: "error", message: "The formatter gave an unexpected answer; try again." };
    case "rejected":
      return { kind: "invalid", message: result.message };
    default:
      return { kind: "error", message: "The formatter did not finish; try again." };
  }
}
