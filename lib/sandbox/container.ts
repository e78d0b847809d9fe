// The hardened container every run gets: no network, read-only root, a small noexec /tmp, no
// capabilities, uid 65534, memory/pid/CPU/file limits, no mounts, no logs. Also its removal and
// the reaper that removes labelled containers left behind.
//
// Labels: every container carries `elixir-lessons.sandbox=<instance id>`, where the instance id
// (run.ts) is `<group>.<hostLabel()>.<pid>.<random>`. Several app instances may share one
// engine, so the reaper removes only what is certainly orphaned: this instance's own
// containers (at start-up), containers of a dead process on this host (or of an earlier process
// with this one's pid: a restarted container's), containers whose owner ran in a container of the
// same engine that is gone, stopped or restarted since (sandbox workers under Docker Compose: the
// owner's hostname is its container's short id), and containers that stopped (or were created and
// never started) over a minute ago. A pooled container also ends by itself when its owner
// disappears: its stdin closes and the harness halts; one in the middle of a run does not.
//
// No AutoRemove: the session inspects an exited container before removing it, so State.OOMKilled
// tells a memory bomb from a container killed from outside (both exit 137). The owner removes its
// containers itself; the start-up reaper and the periodic sweep remove what a dead owner left.
import fs from "node:fs";
import os from "node:os";
import type Docker from "dockerode";
import { env, type SandboxRuntime } from "@/lib/env";
import { Activity } from "./activity";
import { dockerClient, isGone, isRemovalInProgress } from "./docker-client";
import seccompProfile from "./seccomp.json";
import {
  FSIZE_LIMIT_BYTES,
  MEMORY_BYTES,
  NANO_CPUS,
  NOFILE_LIMIT,
  PIDS_LIMIT,
  PIDS_LIMIT_RUNSC,
  TMPFS_OPTIONS,
} from "./limits";

export const SANDBOX_LABEL = "elixir-lessons.sandbox";

/**
 * The syscalls the BEAM needs and nothing else (seccomp.json, recorded by
 * scripts/seccomp-record.sh; docs/sandbox.md "Seccomp"); the rest fail with EPERM. runc loads it
 * into the host kernel in place of Docker's default. runsc keeps its own filter on the Sentry and
 * answers the program's syscalls itself: it applies a container's profile only with
 * `--oci-seccomp`, and Debian's 2022 build then fails clone3's ENOSYS rule (Docker's default's
 * as well as this one's) with EPERM, so the BEAM cannot start a thread. Under runsc the container
 * keeps the engine's default, which runsc ignores.
 */
const SECCOMP_OPTION = `seccomp=${JSON.stringify(seccompProfile)}`;

/** `runtime`: the engine's name for the OCI runtime (SANDBOX_RUNTIME; the benchmark compares both). */
export function sandboxContainerOptions(image: string, label: string, runtime: SandboxRuntime = env.SANDBOX_RUNTIME): Docker.ContainerCreateOptions {
  return {
    Image: image,
    Labels: { [SANDBOX_LABEL]: label },
    Hostname: "sandbox",
    User: "65534:65534",
    WorkingDir: "/tmp",
    Env: [],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    NetworkDisabled: true,
    HostConfig: {
      Runtime: runtime,
      NetworkMode: "none",
      ReadonlyRootfs: true,
      Tmpfs: { "/tmp": TMPFS_OPTIONS },
      Mounts: [],
      Binds: [],
      CapDrop: ["ALL"],
      SecurityOpt: runtime === "runsc" ? ["no-new-privileges"] : ["no-new-privileges", SECCOMP_OPTION],
      Privileged: false,
      IpcMode: "none",
      Memory: MEMORY_BYTES,
      MemorySwap: MEMORY_BYTES,
      PidsLimit: runtime === "runsc" ? PIDS_LIMIT_RUNSC : PIDS_LIMIT,
      NanoCpus: NANO_CPUS,
      OomScoreAdj: 1000,
      Ulimits: [
        { Name: "nofile", Soft: NOFILE_LIMIT, Hard: NOFILE_LIMIT },
        // runsc applies rlimits to its own host processes too: its memory file outgrows any
        // fsize limit (SIGXFSZ at boot). There the tmpfs size and the memory limit bound files.
        ...(runtime === "runsc" ? [] : [{ Name: "fsize", Soft: FSIZE_LIMIT_BYTES, Hard: FSIZE_LIMIT_BYTES }]),
        { Name: "core", Soft: 0, Hard: 0 },
      ],
      LogConfig: { Type: "none", Config: {} },
      AutoRemove: false,
    },
  };
}

export function createSandboxContainer(docker: Docker, image: string, label: string, runtime?: SandboxRuntime): Promise<Docker.Container> {
  return docker.createContainer(sandboxContainerOptions(image, label, runtime));
}

/** Kills and removes, and returns once the container is gone (another removal may already be at it). */
export async function removeContainer(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true });
  } catch (error) {
    if (!isRemovalInProgress(error) && !isGone(error)) throw error;
    if (isRemovalInProgress(error)) await container.wait({ condition: "removed" }).catch(ignoreGone);
  }
}

function ignoreGone(error: unknown): void {
  if (!isGone(error)) throw error;
}

/** Containers of this sandbox (any instance); `prefix` narrows to instance ids starting with it. */
export async function listSandboxContainers(docker: Docker = dockerClient(), prefix = ""): Promise<Docker.ContainerInfo[]> {
  const all = await docker.listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } });
  return all.filter((info) => ownerOf(info).startsWith(prefix));
}

/** The instance id a container is labelled with. */
function ownerOf(info: Docker.ContainerInfo): string {
  return info.Labels?.[SANDBOX_LABEL] ?? "";
}

const STALE_SECONDS = 60;

/**
 * Whether a container is certainly orphaned (see the header); `self` is this process's instance
 * id ("" claims none). A stopped container counts from its creation here; reapContainers()
 * confirms with the time it stopped, so a long-idle container that has just finished its run is
 * left to its owner.
 */
export function isOrphan(info: Docker.ContainerInfo, self: string, nowSeconds = Date.now() / 1000, staleSeconds = STALE_SECONDS): boolean {
  const owner = ownerOf(info);
  if (self !== "" && owner === self) return true;
  if (info.State !== "running" && nowSeconds - info.Created > staleSeconds) return true;
  return ownerIsDead(owner, info.Created);
}

/** This host's name as it appears in an instance id (anything but letters, digits and `-` becomes `-`). */
export function hostLabel(): string {
  return os.hostname().replace(/[^A-Za-z0-9-]/g, "-");
}

/**
 * The owner's label names a process on this host that no longer exists, or this process's pid
 * before this process started (an earlier process in a restarted container, where pids repeat).
 */
function ownerIsDead(owner: string, createdSeconds: number): boolean {
  const parts = owner.split(".");
  const pid = Number(parts.at(-2));
  if (parts.at(-3) !== hostLabel() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return createdSeconds < Math.floor(Date.now() / 1000 - process.uptime());
  return !processAlive(pid);
}

/**
 * The id of the container the owner ran in, when its hostname is another container's default
 * one (12 hex digits: Docker's short id); the reaper asks the engine whether it still runs.
 */
export function ownerContainerId(owner: string): string | null {
  const host = owner.split(".").at(-3);
  return host !== undefined && /^[0-9a-f]{12}$/.test(host) && host !== hostLabel() ? host : null;
}

/** When a stopped container stopped, in seconds (its creation when it never ran). */
export function stoppedAtSeconds(state: { StartedAt?: string; FinishedAt?: string }, createdSeconds: number): number {
  const finished = Date.parse(state.FinishedAt ?? "");
  // Docker reports "0001-01-01T00:00:00Z" for a container that never ran.
  return Number.isFinite(finished) && finished > 0 ? finished / 1000 : createdSeconds;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // A zombie (killed, not yet reaped: common where PID 1 does not reap) still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/s.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

export interface ReapOptions {
  /** Container ids in use here, never removed (the pool's live sessions). */
  keep?: ReadonlySet<string>;
  staleSeconds?: number;
  /** Only containers whose instance id starts with this (tests confine a sweep to their own). */
  prefix?: string;
}

/**
 * Removes orphaned sandbox containers (see isOrphan); returns how many. `self`: this process's
 * instance id, whose containers count as orphans too (the start-up reaper passes it).
 */
export function reapContainers(docker: Docker = dockerClient(), self = "", options: ReapOptions = {}): Promise<number> {
  // Engine sockets are unref'd: hold the loop open so a script does not exit mid-reap.
  return new Activity().during(() => reap(docker, self, options));
}

async function reap(docker: Docker, self: string, options: ReapOptions): Promise<number> {
  const { keep = new Set<string>(), staleSeconds = STALE_SECONDS, prefix = "" } = options;
  const now = Date.now() / 1000;
  const candidates = (await listSandboxContainers(docker, prefix)).filter(
    (info) => !keep.has(info.Id) && (isOrphan(info, self, now, staleSeconds) || ownerContainerId(ownerOf(info)) !== null),
  );
  const orphans = await Promise.all(candidates.map((info) => confirmOrphan(docker, info, self, now, staleSeconds)));
  const removals = orphans.filter((info): info is Docker.ContainerInfo => info !== null);
  // One container that cannot be removed (the engine busy with it) must not stop the others.
  const settled = await Promise.allSettled(removals.map((info) => removeContainer(docker.getContainer(info.Id))));
  return settled.filter((outcome) => outcome.status === "fulfilled").length;
}

/**
 * The periodic sweep of a running server: removes containers of dead owners on this host and
 * containers stopped or stuck in "Created" for over `staleSeconds`, never this process's pool's.
 */
export function sweepContainers(docker: Docker, keep: ReadonlySet<string>, staleSeconds = STALE_SECONDS, prefix = ""): Promise<number> {
  return reapContainers(docker, "", { keep, staleSeconds, prefix });
}

// A stopped container of a live owner counts only once it has been stopped for `staleSeconds`.
async function confirmOrphan(docker: Docker, info: Docker.ContainerInfo, self: string, now: number, staleSeconds: number): Promise<Docker.ContainerInfo | null> {
  const owner = ownerOf(info);
  if ((self !== "" && owner === self) || ownerIsDead(owner, info.Created)) return info;
  const ownerContainer = ownerContainerId(owner);
  if (ownerContainer !== null && !(await ownerContainerRuns(docker, ownerContainer, info.Created))) return info;
  try {
    const { State } = await docker.getContainer(info.Id).inspect();
    if (State.Running || State.Restarting) return null;
    return now - stoppedAtSeconds(State, info.Created) > staleSeconds ? info : null;
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/** Whether the owner's container still runs the process that created this one (not restarted since). */
async function ownerContainerRuns(docker: Docker, id: string, createdSeconds: number): Promise<boolean> {
  try {
    const { State } = await docker.getContainer(id).inspect();
    return State.Running && Date.parse(State.StartedAt) / 1000 <= createdSeconds + 1;
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
}

/** Removes every container whose instance id starts with `prefix`; returns how many. */
export async function removeContainersWithPrefix(prefix: string, docker: Docker = dockerClient()): Promise<number> {
  const mine = await listSandboxContainers(docker, prefix);
  await Promise.all(mine.map((info) => removeContainer(docker.getContainer(info.Id))));
  return mine.length;
}
