// The sandbox's public surface: run a program, warm the pool up, shut it down, check a source
// first, find the image, reap leftover containers, ping the engine for the health endpoint.
// Everything Docker-specific stays inside lib/sandbox.
export { run, warmUp, shutdown, poolStatus, expectContainers, INSTANCE_ID } from "./run";
export { engineHealth, type EngineHealth } from "./engine-health";
export { validateSource, type SourceCheck } from "./validate";
export { reapContainers, listSandboxContainers, SANDBOX_LABEL } from "./container";
export { sandboxImageName, SANDBOX_IMAGE_REPOSITORY, BUILD_COMMAND } from "./image";
export { MAX_SOURCE_BYTES, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS } from "./limits";
export type { RunRequest, RunResult, RunOutcome, TestResult } from "./types";
export type { PoolStatus, Housekeeping } from "./pool";
