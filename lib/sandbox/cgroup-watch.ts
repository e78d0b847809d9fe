// The host's view of a sandbox container's limits: the kernel's own counters in the container's
// cgroups, read from the host's cgroupfs while a run is in flight. The pids controller counts
// the forks it refused (`pids.events`: "max N"), the memory controller the processes its OOM
// killer ended (`memory.oom_control` in cgroup v1, `memory.events` in v2: "oom_kill N"). Only
// the kernel writes them, and the container cannot reach the host's copies.
//
// Why the host watches as well as the harness: under runsc the pids cgroup counts gVisor's own
// host threads, the Sentry gives up when a fork is refused (exit code 2, no result), the sandbox
// sees no pids.events of its own, and Docker never sets State.OOMKilled. The counters stay set
// from the refused fork or the OOM kill until the engine removes the cgroup, which happens after
// the VM has ended and before wait() answers (measured here: 100 to 300 ms later), so the host
// samples them every SAMPLE_MS during the run rather than once at the end.
//
// The watch needs the host's /proc and cgroupfs (the app on the engine's host). Where it cannot
// find them (an app in a container of its own, another engine through DOCKER_HOST) open()
// returns null and the outcome rests on the harness and on Docker's flags alone.
import fs from "node:fs";
import path from "node:path";

/** How often a run's counters are read while it is in flight. */
const SAMPLE_MS = 20;

interface CounterFile {
  file: string;
  key: string;
}

export interface CgroupFiles {
  pids: CounterFile | null;
  memory: CounterFile | null;
}

export interface LimitHits {
  pids: boolean;
  memory: boolean;
}

/**
 * Where a process's pids and memory counters are, from its `/proc/<pid>/cgroup`. A cgroup v1
 * controller line (`N:pids:/docker/<id>`) wins over the v2 line (`0::/...`), which counts only
 * when the v2 hierarchy is mounted at the root (`unified` says so), as on a pure v2 host.
 */
export function cgroupFiles(procCgroup: string, unified: boolean, root = "/sys/fs/cgroup"): CgroupFiles {
  const v1 = new Map<string, string>();
  let v2: string | null = null;
  for (const line of procCgroup.split("\n")) {
    const match = /^\d+:([^:]*):(\/.*)$/.exec(line.trim());
    if (!match) continue;
    const [, controllers = "", cgroupPath = ""] = match;
    if (controllers === "") v2 = cgroupPath;
    for (const controller of controllers.split(",")) v1.set(controller, cgroupPath);
  }
  const pidsV1 = v1.get("pids");
  const memoryV1 = v1.get("memory");
  const inV2 = unified && v2 !== null ? path.join(root, v2) : null;
  return {
    pids: pidsV1 !== undefined ? { file: path.join(root, "pids", pidsV1, "pids.events"), key: "max" } : inV2 ? { file: path.join(inV2, "pids.events"), key: "max" } : null,
    memory:
      memoryV1 !== undefined
        ? { file: path.join(root, "memory", memoryV1, "memory.oom_control"), key: "oom_kill" }
        : inV2
          ? { file: path.join(inV2, "memory.events"), key: "oom_kill" }
          : null,
  };
}

/** The value of `key` in a flat-keyed cgroup file ("max 3\n" -> 3); null when absent. */
export function counterValue(text: string, key: string): number | null {
  for (const line of text.split("\n")) {
    const [name, value] = line.trim().split(/\s+/);
    if (name === key && value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return null;
}

function readCounter(counter: CounterFile): number | null {
  try {
    return counterValue(fs.readFileSync(counter.file, "utf8"), counter.key);
  } catch {
    return null;
  }
}

export class CgroupWatch {
  private readonly hits: LimitHits = { pids: false, memory: false };
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly files: CgroupFiles,
    private readonly base: { pids: number; memory: number },
  ) {}

  /**
   * A watch of the cgroups of container `containerId`, found through its process `pid` (State.Pid),
   * or null where the host's files are out of reach. The engine names every container's cgroup
   * after its id (`/docker/<id>`, `docker-<id>.scope`): another path means `pid` is some other
   * process (this app in a pid namespace of its own), and nothing is watched.
   */
  static open(pid: number, containerId: string, procRoot = "/proc", cgroupRoot = "/sys/fs/cgroup"): CgroupWatch | null {
    if (!Number.isInteger(pid) || pid <= 0 || containerId === "") return null;
    let text: string;
    try {
      text = fs.readFileSync(path.join(procRoot, String(pid), "cgroup"), "utf8");
    } catch {
      return null;
    }
    const found = cgroupFiles(text, fs.existsSync(path.join(cgroupRoot, "cgroup.controllers")), cgroupRoot);
    const mine = (counter: CounterFile | null) => (counter?.file.includes(containerId) ? counter : null);
    const files = { pids: mine(found.pids), memory: mine(found.memory) };
    const pids = files.pids ? readCounter(files.pids) : null;
    const memory = files.memory ? readCounter(files.memory) : null;
    if (pids === null && memory === null) return null;
    return new CgroupWatch(
      { pids: pids === null ? null : files.pids, memory: memory === null ? null : files.memory },
      { pids: pids ?? 0, memory: memory ?? 0 },
    );
  }

  /** Starts sampling (a run has been handed over). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  /** Reads both counters once; a counter whose cgroup is gone reads as unchanged. */
  sample(): LimitHits {
    const pids = this.files.pids ? readCounter(this.files.pids) : null;
    const memory = this.files.memory ? readCounter(this.files.memory) : null;
    if (pids !== null && pids > this.base.pids) this.hits.pids = true;
    if (memory !== null && memory > this.base.memory) this.hits.memory = true;
    return { ...this.hits };
  }

  /** Stops sampling after one last read; what the run hit. */
  stop(): LimitHits {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.sample();
  }
}
