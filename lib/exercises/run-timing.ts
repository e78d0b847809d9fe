// Where one learner run's time goes on the server, phase by phase: the request checks, the learner
// (cookie and account lookup), the exercise, the gate (rate limits, admission's queue), the sandbox
// (and, inside it, the run the VM itself reports), grading and the stored submission. POST /api/runs
// always answers with these as a Server-Timing header; RUN_TIMING_LOG=1 also logs one line per run
// (the server action has no response header of its own). A mark is one performance.now() call.
import "server-only";

export class RunTiming {
  private readonly started = performance.now();
  private last = this.started;
  private readonly phases: [name: string, ms: number][] = [];

  /** Ends the phase called `name` (the time since the previous mark, or since the start). */
  mark(name: string): void {
    const now = performance.now();
    this.phases.push([name, now - this.last]);
    this.last = now;
  }

  /** A duration measured elsewhere (the sandbox's own run time), shown beside the phases. */
  note(name: string, ms: number): void {
    this.phases.push([name, ms]);
  }

  /** The Server-Timing header's value: each phase as `name;dur=ms`, then `total`. */
  header(): string {
    return [...this.phases, ["total", this.last - this.started] as const].map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`).join(", ");
  }

  /** "learner=0.4 exercise=0.3 ... total=41.2" (milliseconds), for the log. */
  line(): string {
    return [...this.phases, ["total", this.last - this.started] as const].map(([name, ms]) => `${name}=${ms.toFixed(1)}`).join(" ");
  }
}
