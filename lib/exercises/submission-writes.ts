// Submissions written right after their verdict is sent, off the learner's path. The verdict's
// standing (attempts, failed attempts, solved) is the standing read while the sandbox ran plus this
// verdict, so the answer does not wait for the INSERT. The write is recordSubmission: retried while
// the database is busy (retryWhileBusy, DATABASE_BUSY_RETRY_MS), under the id chosen before the
// run, so a retry never stores it twice; a write that still fails is logged with the submission's
// id. A learner's writes go one after another, and their next run reads its standing only after
// them. On shutdown the "answer" phase waits for every write (lib/server/shutdown.mjs).
import "server-only";
import { onShutdown } from "@/lib/server/shutdown.mjs";
import { processSingleton } from "@/lib/server/singleton.mjs";
import { recordSubmission, type SubmissionInput } from "./queries";

interface Writes {
  all: Set<Promise<void>>;
  /** Each learner's latest write (which runs after their earlier ones). */
  latest: Map<string, Promise<void>>;
}

function writes(): Writes {
  return processSingleton("exercises.submission-writes", () => {
    onShutdown(() => submissionsWritten(), "answer");
    return { all: new Set<Promise<void>>(), latest: new Map<string, Promise<void>>() };
  });
}

/** Stores the submission after this learner's earlier ones; never throws (a failure is logged). */
export function storeAfterAnswer(input: SubmissionInput & { submissionId: string }): void {
  const state = writes();
  const { learnerId, submissionId } = input;
  const write = (state.latest.get(learnerId) ?? Promise.resolve())
    .then(() => recordSubmission(input))
    .then(
      () => undefined,
      (error: unknown) => console.error(`run: submission ${submissionId} of learner=${learnerId.slice(0, 8)} not stored`, error),
    );
  state.all.add(write);
  state.latest.set(learnerId, write);
  void write.then(() => {
    state.all.delete(write);
    if (state.latest.get(learnerId) === write) state.latest.delete(learnerId);
  });
}

/** Resolves once this learner's submissions still being written are stored (or logged as failed). */
export function learnerWritesDone(learnerId: string): Promise<void> {
  return writes().latest.get(learnerId) ?? Promise.resolve();
}

/** Resolves once every submission still being written is stored (or logged as failed). */
export async function submissionsWritten(): Promise<void> {
  const state = writes();
  while (state.all.size > 0) await Promise.all([...state.all]);
}
