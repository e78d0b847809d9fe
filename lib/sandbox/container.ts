// The hardened container every run gets: no network, read-only root, a small noexec /tmp, no
// capabilities, uid 65534, memory/pid/CPU/file limits, no mounts, no logs. Also its removal and
// the reaper that removes labelled containers left behind.
//
// Labels: every container carries `elixir-lessons.sandbox=<instance id>`, where the instance id
// (instance.ts) is `<group>.<hostname>.<pid>.<random>`. The value `1` belongs to the walking
// skeleton's code and is never touched here. Several app instances may share one engine
// (issue 8), so the reaper removes only what is certainly orphaned: this instance's own
// containers, containers of a dead process on this host, and stopped containers older than a
// minute. A pooled container also ends by itself when its owner disappears: its stdin closes
// and the harness halts (AutoRemove then removes it).
import os from "node:os";
import type Docker from "dockerode";
import { dockerClient, isGone, isRemovalInProgress } from "./docker-client";
import {
  FSIZE_LIMIT_BYTES,
  MEMORY_BYTES,
  NANO_CPUS,
  NOFILE_LIMIT,
  PIDS_LIMIT,
  TMPFS_OPTIONS,
} from "./limits";

export const SANDBOX_LABEL = "elixir-lessons.sandbox";

export function sandboxContainerOptions(image: string, label: string): Docker.ContainerCreateOptions {
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
      NetworkMode: "none",
      ReadonlyRootfs: true,
      Tmpfs: { "/tmp": TMPFS_OPTIONS },
      Mounts: [],
      Binds: [],
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      Privileged: false,
      IpcMode: "none",
      Memory: MEMORY_BYTES,
      MemorySwap: MEMORY_BYTES,
      PidsLimit: PIDS_LIMIT,
      NanoCpus: NANO_CPUS,
      OomScoreAdj: 1000,
      Ulimits: [
        { Name: "nofile", Soft: NOFILE_LIMIT, Hard: NOFILE_LIMIT },
        { Name: "fsize", Soft: FSIZE_LIMIT_BYTES, Hard: FSIZE_LIMIT_BYTES },
        { Name: "core", Soft: 0, Hard: 0 },
      ],
      LogConfig: { Type: "none", Config: {} },
      AutoRemove: true,
    },
  };
}

export function createSandboxContainer(docker: Docker, image: string, label: string): Promise<Docker.Container> {
  return docker.createContainer(sandboxContainerOptions(image, label));
}

/** Kills and removes, and returns once the container is gone (AutoRemove may already be at it). */
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

/** Containers of this sandbox (any instance, never the legacy `=1` ones); `prefix` narrows to instance ids starting with it. */
export async function listSandboxContainers(docker: Docker = dockerClient(), prefix = ""): Promise<Docker.ContainerInfo[]> {
  const all = await docker.listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } });
  return all.filter((info) => {
    const owner = info.Labels?.[SANDBOX_LABEL] ?? "1";
    return owner !== "1" && owner.startsWith(prefix);
  });
}

const STALE_STOPPED_SECONDS = 60;

/** Whether a container is certainly orphaned (see the header); `self` is this process's instance id. */
export function isOrphan(info: Docker.ContainerInfo, self: string, nowSeconds = Date.now() / 1000): boolean {
  const owner = info.Labels?.[SANDBOX_LABEL] ?? "1";
  if (owner === "1") return false;
  if (owner === self) return true;
  if (info.State !== "running" && nowSeconds - info.Created > STALE_STOPPED_SECONDS) return true;
  const parts = owner.split(".");
  const pid = Number(parts.at(-2));
  const host = parts.at(-3);
  return host === os.hostname() && Number.isInteger(pid) && pid !== process.pid && !processAlive(pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes orphaned sandbox containers (see isOrphan); returns how many. */
export async function reapContainers(docker: Docker = dockerClient(), self = ""): Promise<number> {
  const orphans = (await listSandboxContainers(docker)).filter((info) => isOrphan(info, self));
  await Promise.all(orphans.map((info) => removeContainer(docker.getContainer(info.Id))));
  return orphans.length;
}

/** Removes every container whose instance id starts with `prefix`; returns how many. */
export async function removeContainersWithPrefix(prefix: string, docker: Docker = dockerClient()): Promise<number> {
  const mine = await listSandboxContainers(docker, prefix);
  await Promise.all(mine.map((info) => removeContainer(docker.getContainer(info.Id))));
  return mine.length;
}
