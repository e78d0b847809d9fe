// The shape checks on what crosses Redis: a job's data (a RunRequest, checked by the worker) and
// its return value (a RunResult, checked by the web instance). Both sides are ours, but Redis is
// shared infrastructure, so nothing read from it is trusted blindly.
import { z } from "zod";
import type { RunRequest, RunResult } from "@/lib/sandbox/types";

const OUTCOMES = [
  "ok",
  "compile_error",
  "runtime_error",
  "timeout",
  "memory_limit",
  "process_limit",
  "output_limit",
  "crashed",
  "busy",
  "rejected",
  "unavailable",
] as const;

const runResultSchema = z
  .object({
    outcome: z.enum(OUTCOMES),
    stdout: z.string(),
    stderr: z.string(),
    truncated: z.boolean(),
    durationMs: z.number().nonnegative(),
  })
  .loose();

const runRequestSchema = z.object({
  code: z.string(),
  tests: z.string().optional(),
  timeoutMs: z.number().finite().optional(),
});

export function parseRunResult(value: unknown): RunResult | null {
  return runResultSchema.safeParse(value).success ? (value as RunResult) : null;
}

export function parseRunRequest(value: unknown): RunRequest | null {
  const parsed = runRequestSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function failedRun(outcome: "busy" | "unavailable" | "rejected", message: string): RunResult {
  return { outcome, message, stdout: "", stderr: "", truncated: false, durationMs: 0 };
}
