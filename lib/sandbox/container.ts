// The hardened container every run gets: no network, read-only root, a small noexec /tmp, no
// capabilities, uid 65534, memory/pid/CPU/file limits, no mounts, no logs. Also its removal and
// the reaper that removes any labelled container left behind.
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

export function sandboxContainerOptions(image: string): Docker.ContainerCreateOptions {
  return {
    Image: image,
    Labels: { [SANDBOX_LABEL]: "1" },
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

export function createSandboxContainer(docker: Docker, image: string): Promise<Docker.Container> {
  return docker.createContainer(sandboxContainerOptions(image));
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

export async function listSandboxContainers(docker: Docker = dockerClient()): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${SANDBOX_LABEL}=1`] } });
}

/** Removes every sandbox container on the engine; returns how many there were. */
export async function reapContainers(docker: Docker = dockerClient()): Promise<number> {
  const leftovers = await listSandboxContainers(docker);
  await Promise.all(leftovers.map((info) => removeContainer(docker.getContainer(info.Id))));
  return leftovers.length;
}
