// Runs a lesson's read-only example (```elixir run) in the sandbox. The client sends only the
// example's id (a hash of its code); the code is looked up in the content on the server, so
// nothing but an author's example can be run this way.
import "server-only";
import { randomUUID } from "node:crypto";
import { USER_MESSAGES } from "@/lib/errors";
import { runSandbox } from "@/lib/runs/dispatch";
import { admitSandboxWork, isSandboxRefusal, retryableAnswer } from "@/lib/runs/gate";
import type { QueueSettings } from "@/lib/runs/queue-settings";
import type { Housekeeping } from "@/lib/sandbox";
import type { RunResult } from "@/lib/sandbox/types";
import { getPages } from "./content";
import type { ExampleRunState } from "./example-types";
import type { ParsedDocument } from "./parse";
import { exampleInputSchema } from "./schema";


type CourseSource = () => Promise<Pick<ParsedDocument<unknown>, "examples">[]>;

/** The example with this id among the pages learners can open (lessons, practice, part pages). */
async function findExample(id: string, course: CourseSource = getPages): Promise<{ code: string } | null> {
  for (const lesson of await course()) {
    const example = lesson.examples.find((e) => e.id === id);
    if (example) return { code: example.code };
  }
  return null;
}

/**
 * Examples go through the same rate limits and admission bound as exercise runs, and like them to
 * the in-process pool or the run queue (`queue`: default from the environment); `address` is the client's;
 * `housekeeping`, when the sandbox cleans up after the run (lib/sandbox/pool.ts): actions pass Next's `after`.
 */
export async function runExample(
  input: unknown,
  learnerId: string | null,
  { address = "unknown", course = getPages, queue, housekeeping }: { address?: string; course?: CourseSource; queue?: QueueSettings | null; housekeeping?: Housekeeping } = {},
): Promise<ExampleRunState> {
  const parsed = exampleInputSchema.safeParse(input);
  if (!parsed.success) return { kind: "invalid", message: parsed.error.issues[0]?.message ?? "Invalid request." };
  if (!learnerId) return { kind: "invalid", message: USER_MESSAGES.no_cookie };
  const example = await findExample(parsed.data.exampleId, course);
  if (!example) return { kind: "invalid", message: "This example has changed since the page was loaded; reload the page." };

  const admitted = await admitSandboxWork(learnerId, address, () =>
    runSandbox({ code: example.code }, randomUUID(), queue, housekeeping),
  );
  if (!admitted.ok) return { kind: admitted.kind, message: admitted.message, retryAfterMs: admitted.retryAfterMs };
  return exampleRunState(admitted.value);
}

/** A sandbox result as the example and playground UI shows it. */
export function exampleRunState(result: RunResult): ExampleRunState {
  if (isSandboxRefusal(result)) return retryableAnswer(result);
  return {
    kind: "result",
    outcome: result.outcome,
    stdout: result.stdout,
    stderr: result.stderr,
    message: "message" in result ? result.message : null,
    durationMs: Math.round(result.durationMs),
  };
}
