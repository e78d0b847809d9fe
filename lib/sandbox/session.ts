// One sandbox container from boot to removal. `start` creates, attaches and starts the container
// and waits for the harness's ready frame (boot time, not the learner's budget); `submit` hands
// over one program and turns what comes back into a RunResult; `dispose` always removes the
// container. The pool keeps started sessions and calls `submit` later. Each submission carries a
// fresh secret key; only a result frame signed with it ends the run (protocol.ts). `open` is the
// same for one side of a judged run (judged-run.ts): stdin stays open, and the relay frames the
// harness writes go to a callback instead of the output.
import { randomBytes } from "node:crypto";
import type Docker from "dockerode";
import type { SandboxRuntime } from "@/lib/env";
import { CgroupWatch, type LimitHits } from "./cgroup-watch";
import { createSandboxContainer, removeContainer } from "./container";
import { isEngineUnreachable, isGone } from "./docker-client";
import { DockerStreamDemuxer } from "./docker-stream";
import {
  BOOT_TIMEOUT_MS,
  EXIT_DRAIN_MS,
  HOST_STDERR_LIMIT_BYTES,
  HOST_OUTPUT_LIMIT_BYTES,
  HOST_RELAY_LIMIT_BYTES,
  KILL_GRACE_MS,
} from "./limits";
import { type Frame, FrameParser, type HarnessResult, type RelayType, verifyResult } from "./protocol";
import type { RunResult } from "./types";

type Ending =
  | { kind: "result"; result: HarnessResult }
  | { kind: "output_limit" }
  | { kind: "exit"; exitCode: number | null };

/** The container never reached the ready frame: the sandbox, not the learner's code, failed. */
export class SessionBootError extends Error {
  /** `lasting`: it will not pass by itself (the pool answers waiters at once instead of retrying for them). */
  constructor(
    message: string,
    readonly lasting = false,
  ) {
    super(message);
    this.name = "SessionBootError";
  }
}

/**
 * The run ended for a reason outside the learner's code: the container was killed or removed from
 * outside, or the Docker engine went away. run() answers `unavailable` with this message.
 */
export class SessionLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SessionLostError";
  }
}

export const STOPPED_FROM_OUTSIDE = "The sandbox running your code was stopped from outside; run again.";
export const ENGINE_LOST = "The Docker engine stopped while your code was running; try again in a moment.";

export class SandboxSession {
  private readonly demuxer = new DockerStreamDemuxer();
  private readonly parser = new FrameParser();
  private readonly stdout: Buffer[] = [];
  private readonly stderr: Buffer[] = [];
  private readonly vmStderr: Buffer[] = [];
  private vmStderrBytes = 0;
  private rawBytes = 0;
  private outputBytes = 0;
  private relay: { types: ReadonlySet<RelayType>; deliver: (line: string) => void } | null = null;
  private readonly ready = deferred<void>();
  private readonly ending = deferred<Ending>();
  private ended_ = false;
  private readonly waitAbort = new AbortController();
  private stream: NodeJS.ReadWriteStream | null = null;
  private submitted = false;
  private removal: Promise<void> | null = null;
  private key: Buffer | null = null;
  private exited = false;
  private watch: CgroupWatch | null = null;
  /** Result frames that were not signed with this run's key (forgery attempts), shown as output. */
  forgedResults = 0;

  private constructor(private readonly container: Docker.Container) {}

  static async start(docker: Docker, image: string, label: string, bootTimeoutMs = BOOT_TIMEOUT_MS, runtime?: SandboxRuntime): Promise<SandboxSession> {
    const session = new SandboxSession(await createSandboxContainer(docker, image, label, runtime));
    try {
      await session.boot(bootTimeoutMs);
      return session;
    } catch (error) {
      await session.dispose().catch(() => undefined);
      throw error;
    }
  }

  get id(): string {
    return this.container.id;
  }

  /** Resolves when the container ends, whether or not it ran a program (the pool drops dead ones). */
  get ended(): Promise<unknown> {
    return this.ending.promise;
  }

  /** True as soon as the engine reports the container gone or exited (before its output is drained). */
  get hasExited(): boolean {
    return this.exited || this.ended_;
  }

  /** Runs one program; `tests`, when given, run in this same VM (only the benchmark's baseline does that). */
  submit(code: string, timeoutMs: number, tests?: string): Promise<RunResult> {
    return this.request(code, timeoutMs, { role: "program", tests: tests ?? null }, null);
  }

  /**
   * One side of a judged run: "serve" runs the learner's program and then answers calls, "judge"
   * runs the tests. Relay frames of `relayTypes` go to `deliver`; `send` writes to this side.
   */
  open(role: "serve" | "judge", source: string, timeoutMs: number, relayTypes: ReadonlySet<RelayType>, deliver: (line: string) => void): Promise<RunResult> {
    return this.request(source, timeoutMs, { role, tests: null }, { types: relayTypes, deliver });
  }

  /** Writes one relay line to this side's stdin (ignored once the container has ended). */
  send(line: string): void {
    if (this.ended_ || !this.stream || !this.relay) return;
    this.stream.write(line);
  }

  private async request(
    code: string,
    timeoutMs: number,
    header: { role: "program" | "serve" | "judge"; tests: string | null },
    relay: SandboxSession["relay"],
  ): Promise<RunResult> {
    if (this.submitted || !this.stream) throw new Error("A sandbox session runs exactly one program.");
    this.submitted = true;
    this.relay = relay;
    const key = randomBytes(32);
    this.key = key;
    const started = performance.now();
    this.watch?.start();
    const source = Buffer.from(code, "utf8");
    this.stream.write(`${key.toString("hex")}\n${JSON.stringify({ timeoutMs, ...header, codeBytes: source.length })}\n`);
    if (relay) this.stream.write(source);
    else this.stream.end(source);

    const deadline = timer(timeoutMs + KILL_GRACE_MS);
    const ending = await Promise.race([this.ending.promise, deadline.promise]);
    deadline.cancel();
    const durationMs = Math.round(performance.now() - started);
    const hits = this.watch?.stop() ?? { pids: false, memory: false };

    if (ending === "timeout") {
      await this.remove();
      return { ...this.output(durationMs, false), outcome: "timeout", timeoutMs };
    }
    switch (ending.kind) {
      case "output_limit":
        await this.remove();
        return { ...this.output(durationMs, true), outcome: "output_limit" };
      case "result":
        return fromHarness(ending.result, this.output(durationMs, ending.result.truncated ?? false), timeoutMs, hits);
      case "exit":
        return this.fromExit(ending.exitCode, durationMs, hits);
    }
  }

  /** Removes the container (killing it if needed) and lets go of its streams. Safe to call twice. */
  async dispose(): Promise<void> {
    try {
      this.watch?.stop();
      await this.remove();
    } finally {
      this.waitAbort.abort();
      this.stream?.removeAllListeners("data");
      (this.stream as { destroy?: () => void } | null)?.destroy?.();
    }
  }

  private async boot(bootTimeoutMs: number): Promise<void> {
    const stream = await this.container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
    this.stream = stream;
    // Socket errors (e.g. writing to a container that just died) surface through wait() instead.
    stream.on("error", () => undefined);
    const closed = new Promise<void>((resolve) => {
      stream.once("end", resolve);
      stream.once("close", resolve);
      stream.once("error", () => resolve());
    });
    stream.on("data", (chunk: Buffer) => this.onData(chunk));

    this.container.wait({ condition: "next-exit", abortSignal: this.waitAbort.signal }).then(
      async (response: { StatusCode?: number }) => {
        this.exited = true;
        const drain = timer(EXIT_DRAIN_MS);
        await Promise.race([closed, drain.promise]);
        drain.cancel();
        for (const frame of this.parser.end()) this.onFrame(frame);
        this.finish({ kind: "exit", exitCode: response.StatusCode ?? null });
      },
      () => {
        this.exited = true;
        this.finish({ kind: "exit", exitCode: null });
      },
    );

    await this.container.start();
    const boot = timer(bootTimeoutMs);
    const state = await Promise.race([this.ready.promise.then(() => "ready" as const), this.ending.promise, boot.promise]);
    boot.cancel();
    if (state === "timeout") throw new SessionBootError(`The sandbox did not start within ${bootTimeoutMs / 1000} s; the machine may be overloaded.`);
    if (state !== "ready") {
      const detail = state.kind === "exit" ? ` (exit code ${state.exitCode ?? "unknown"})` : "";
      const stderr = this.vmStderrText().trim();
      throw new SessionBootError(`The sandbox stopped while starting${detail}.${stderr ? ` ${stderr}` : ""}`);
    }
    this.watch = await this.container.inspect().then(
      (info) => CgroupWatch.open(info.State.Pid, info.Id),
      () => null,
    );
  }

  private onData(chunk: Buffer): void {
    for (const { stream, data } of this.demuxer.push(chunk)) {
      if (this.ended_) return;
      this.rawBytes += data.length;
      if (this.rawBytes > (this.relay ? HOST_RELAY_LIMIT_BYTES : HOST_OUTPUT_LIMIT_BYTES)) return this.finish({ kind: "output_limit" });
      if (stream === "stderr") this.keepVmStderr(data);
      else for (const frame of this.parser.push(data)) this.onFrame(frame);
    }
  }

  private onFrame(frame: Frame): void {
    if (this.ended_) return;
    switch (frame.t) {
      case "ready":
        return this.ready.resolve();
      case "out":
      case "raw":
        return this.keepOutput(this.stdout, frame.data);
      case "err":
        return this.keepOutput(this.stderr, frame.data);
      case "relay":
        if (this.relay?.types.has(frame.type)) return this.relay.deliver(frame.line);
        return this.keepOutput(this.stdout, frame.raw);
      case "result": {
        const result = this.key ? verifyResult(frame, this.key) : null;
        if (result) return this.finish({ kind: "result", result });
        this.forgedResults += 1;
        this.stdout.push(Buffer.concat([frame.line, Buffer.from("\n")]));
        return;
      }
    }
  }

  private finish(ending: Ending): void {
    if (this.ended_) return;
    this.ended_ = true;
    this.ending.resolve(ending);
  }

  private keepOutput(into: Buffer[], data: Buffer): void {
    this.outputBytes += data.length;
    if (this.outputBytes > HOST_OUTPUT_LIMIT_BYTES) return this.finish({ kind: "output_limit" });
    into.push(data);
  }

  private keepVmStderr(data: Buffer): void {
    const room = HOST_STDERR_LIMIT_BYTES - this.vmStderrBytes;
    if (room <= 0) return;
    const kept = data.subarray(0, room);
    this.vmStderr.push(kept);
    this.vmStderrBytes += kept.length;
  }

  private vmStderrText(): string {
    return Buffer.concat(this.vmStderr).toString("utf8");
  }

  /** What the program has printed so far (a judged run takes the learner's side's output). */
  outputSoFar(durationMs: number): { stdout: string; stderr: string; truncated: boolean; durationMs: number } {
    return this.output(durationMs, false);
  }

  private output(durationMs: number, truncated: boolean) {
    return {
      stdout: Buffer.concat(this.stdout).toString("utf8"),
      stderr: Buffer.concat([...this.stderr, ...this.vmStderr]).toString("utf8"),
      truncated,
      durationMs,
    };
  }

  // The VM ended without a signed result. The container is still there (no AutoRemove), so its
  // state tells why: the memory cgroup's OOM killer (State.OOMKilled, or under runsc only the
  // host's counter; the VM may also give up by itself with "Cannot allocate"), a fork the pids
  // cgroup refused (under runsc the Sentry then ends the sandbox), a SIGKILL from outside
  // (`docker kill`: 137 without OOMKilled), the engine going away (it no longer answers), or the
  // learner's own halt (`crashed`).
  private async fromExit(exitCode: number | null, durationMs: number, hits: LimitHits): Promise<RunResult> {
    const base = this.output(durationMs, false);
    if (/Cannot allocate \d+ bytes of memory/.test(this.vmStderrText()) || hits.memory) return { ...base, outcome: "memory_limit" };
    if (hits.pids) return { ...base, outcome: "process_limit" };
    let state: Docker.ContainerInspectInfo["State"];
    try {
      state = (await this.container.inspect()).State;
    } catch (error) {
      if (isGone(error)) throw new SessionLostError(STOPPED_FROM_OUTSIDE);
      if (isEngineUnreachable(error)) throw new SessionLostError(ENGINE_LOST);
      throw error;
    }
    if (state.OOMKilled) return { ...base, outcome: "memory_limit" };
    const code = exitCode ?? state.ExitCode;
    if (code === 137 || (exitCode === null && state.Running)) throw new SessionLostError(STOPPED_FROM_OUTSIDE);
    return { ...base, outcome: "crashed", exitCode: code };
  }

  private remove(): Promise<void> {
    this.removal ??= removeContainer(this.container);
    return this.removal;
  }
}

// A fork the pids cgroup refused turns an exception or a normal end into process_limit, as the
// harness does itself where it can read pids.events (runc); the host's counter covers runsc.
function fromHarness(result: HarnessResult, base: Omit<RunResult, "outcome">, timeoutMs: number, hits: LimitHits): RunResult {
  if (hits.pids && (result.status === "ok" || result.status === "runtime_error")) return { ...base, outcome: "process_limit" };
  switch (result.status) {
    case "ok":
      return result.tests ? { ...base, outcome: "ok", tests: result.tests } : { ...base, outcome: "ok" };
    case "memory_limit":
      return { ...base, outcome: "memory_limit" };
    case "process_limit":
      return { ...base, outcome: "process_limit" };
    case "compile_error":
      return { ...base, outcome: "compile_error", message: result.message ?? "", line: result.line ?? null };
    case "runtime_error":
      return { ...base, outcome: "runtime_error", message: result.message ?? "", line: result.line ?? null, stacktrace: result.stacktrace ?? "" };
    case "timeout":
      return { ...base, outcome: "timeout", timeoutMs };
    case "output_limit":
      return { ...base, truncated: true, outcome: "output_limit" };
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

function timer(ms: number): { promise: Promise<"timeout">; cancel: () => void } {
  let handle: NodeJS.Timeout | undefined;
  const promise = new Promise<"timeout">((resolve) => {
    handle = setTimeout(() => resolve("timeout"), ms);
  });
  return { promise, cancel: () => clearTimeout(handle) };
}
