// The process's one owner of SIGTERM and SIGINT. Parts of the server register ordered steps with
// onShutdown; on the first signal the steps run phase by phase, each phase's steps together, and
// the process exits (143 on SIGTERM, 130 on SIGINT, unless setShutdownPolicy says otherwise),
// within a deadline after which it exits anyway. A second signal exits at once.
//
// Phases, in order:
//   refuse  stop taking new work (the HTTP server stops accepting, admission refuses the queue)
//   drain   finish the work in flight and remove what it used (the sandbox pool's containers)
//   answer  wait until the answers in flight are written to their sockets
//   close   close connections (the run queue's Redis clients)
//
// When a script's event loop runs dry (beforeExit) the steps run too, without the exit: a script
// that used the sandbox removes its containers before it ends. They run there once per
// registration: registering a step again (the same function is kept once) arms them again, so a
// script that starts new work after that still cleans up. Plain JavaScript, so that
// scripts/server.mjs registers its steps through the same module as the bundled server code.
import { processSingleton } from "./singleton.mjs";

/** @typedef {"refuse" | "drain" | "answer" | "close"} ShutdownPhase */
/** @typedef {"SIGTERM" | "SIGINT" | "beforeExit"} ShutdownReason */
/** @typedef {(reason: ShutdownReason) => unknown} ShutdownStep */

/** @type {readonly ShutdownPhase[]} */
const PHASES = ["refuse", "drain", "answer", "close"];
const DEFAULT_DEADLINE_MS = 10_000;

/**
 * @typedef {object} ShutdownPolicy
 * @property {number} deadlineMs longest time from the signal to the exit
 * @property {(signal: "SIGTERM" | "SIGINT", failed: boolean) => number} exitCode the exit code once the steps are done (`failed`: a step threw)
 * @property {string | null} deadlineMessage printed when the deadline forces the exit
 */

/**
 * @typedef {object} Shutdown
 * @property {Map<ShutdownPhase, Set<ShutdownStep>>} steps
 * @property {ShutdownPolicy} policy
 * @property {boolean} installed
 * @property {boolean} signalled
 * @property {boolean} armed steps were registered since they last ran at beforeExit
 * @property {Promise<boolean> | null} running
 */

/** @returns {Shutdown} */
function state() {
  return processSingleton("server.shutdown", () => ({
    steps: new Map(PHASES.map((phase) => [phase, new Set()])),
    policy: { deadlineMs: DEFAULT_DEADLINE_MS, exitCode: (signal) => (signal === "SIGINT" ? 130 : 143), deadlineMessage: null },
    installed: false,
    signalled: false,
    armed: false,
    running: null,
  }));
}

/**
 * Adds a step to run on shutdown, in `phase` (default "drain"), after the steps of earlier phases.
 * @param {ShutdownStep} step
 * @param {ShutdownPhase} [phase]
 */
export function onShutdown(step, phase = "drain") {
  const current = state();
  current.steps.get(phase)?.add(step);
  current.armed = true;
  if (current.installed) return;
  current.installed = true;
  for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT"])) process.on(signal, () => onSignal(signal));
  process.on("beforeExit", () => {
    if (current.signalled || current.running !== null || !current.armed) return;
    current.armed = false;
    void runSteps("beforeExit");
  });
}

/**
 * Changes the deadline or the exit code (a sandbox worker exits 0 after a clean stop).
 * @param {Partial<ShutdownPolicy>} policy
 */
export function setShutdownPolicy(policy) {
  const current = state();
  current.policy = { ...current.policy, ...policy };
}

/** @param {"SIGTERM" | "SIGINT"} signal */
function onSignal(signal) {
  const current = state();
  const { policy } = current;
  if (current.signalled) process.exit(policy.exitCode(signal, true));
  current.signalled = true;
  setTimeout(() => {
    if (policy.deadlineMessage) console.error(policy.deadlineMessage);
    process.exit(policy.exitCode(signal, true));
  }, policy.deadlineMs).unref();
  void (current.running ?? Promise.resolve(false))
    .then(() => runSteps(signal))
    .then((failed) => process.exit(policy.exitCode(signal, failed)));
}

/**
 * Runs every phase's steps; resolves whether one of them failed.
 * @param {ShutdownReason} reason
 * @returns {Promise<boolean>}
 */
function runSteps(reason) {
  const current = state();
  const running = (async () => {
    let failed = false;
    for (const phase of PHASES) {
      const outcomes = await Promise.allSettled([...(current.steps.get(phase) ?? [])].map(async (step) => step(reason)));
      for (const outcome of outcomes) {
        if (outcome.status === "rejected") {
          failed = true;
          console.error(`shutdown: a ${phase} step failed:`, outcome.reason);
        }
      }
    }
    return failed;
  })();
  current.running = running;
  void running.finally(() => {
    if (current.running === running) current.running = null;
  });
  return running;
}
