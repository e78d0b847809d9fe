// A second Docker engine of the test's own (socket, data-root, exec-root, pidfile under a temp
// dir), so fault tests can stop and restart an engine without disturbing the shared one. It has
// no bridge and no iptables rules: its containers get loopback only. Needs root and dockerd; a
// test that cannot have one fails with the reason unless SKIP_PRIVATE_ENGINE=1 is set.
// stop() is SIGTERM (what `systemctl stop docker` does); destroy() kills whatever is left,
// unmounts and removes the directory, and also runs from a process exit hook.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { withTimeout } from "../lib/with-timeout";

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export class PrivateEngine {
  readonly socketPath: string;
  private process: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private destroyed = false;
  private readonly exitHook = () => this.destroySync();

  private constructor(readonly dir: string) {
    this.socketPath = path.join(dir, "docker.sock");
    process.once("exit", this.exitHook);
  }

  /** Why a private engine cannot run here, or null when it can. */
  static unavailableReason(): string | null {
    if (process.getuid?.() !== 0) return "the private Docker engine needs root (dockerd manages mounts and cgroups)";
    try {
      execFileSync("dockerd", ["--version"], { stdio: "ignore" });
    } catch {
      return "dockerd is not installed (apt-get install docker.io)";
    }
    return null;
  }

  /** Whether fault tests may skip: only when SKIP_PRIVATE_ENGINE=1 is set explicitly. */
  static skipRequested(): boolean {
    return process.env.SKIP_PRIVATE_ENGINE === "1";
  }

  static async create(): Promise<PrivateEngine> {
    const reason = PrivateEngine.unavailableReason();
    if (reason) throw new Error(`Cannot start a private Docker engine: ${reason}. Set SKIP_PRIVATE_ENGINE=1 to skip these tests explicitly.`);
    // Short path: unix socket paths (containerd's among them) are limited to 107 bytes.
    const engine = new PrivateEngine(fs.mkdtempSync(path.join(os.tmpdir(), "pe-")));
    try {
      await engine.start();
    } catch (error) {
      await engine.destroy();
      throw error;
    }
    return engine;
  }

  /** A client for this engine; a fresh agent, so no keep-alive socket outlives a restart. */
  docker(): Docker {
    return new Docker({ socketPath: this.socketPath, agent: new http.Agent({ keepAlive: false }) } as Docker.DockerOptions);
  }

  get running(): boolean {
    return this.process !== null;
  }

  /** Starts dockerd on this directory (again, after stop()) and waits until it answers. */
  async start(): Promise<void> {
    if (this.destroyed) throw new Error("This private engine was destroyed.");
    if (this.process) return;
    const log = fs.openSync(path.join(this.dir, "dockerd.log"), "a");
    // Its own config file: settings in /etc/docker/daemon.json (hosts, data-root) must not apply,
    // except its runtimes, so that a pool under SANDBOX_RUNTIME=runsc runs here as well.
    const config = path.join(this.dir, "daemon.json");
    const runtimes = sharedRuntimes();
    fs.writeFileSync(config, `${JSON.stringify(runtimes ? { runtimes } : {})}\n`);
    const child = spawn(
      "dockerd",
      [
        `--config-file=${config}`,
        "--bridge=none",
        "--iptables=false",
        "--ip6tables=false",
        `--data-root=${path.join(this.dir, "data")}`,
        `--exec-root=${path.join(this.dir, "exec")}`,
        `--pidfile=${path.join(this.dir, "pid")}`,
        `--host=unix://${this.socketPath}`,
      ],
      { stdio: ["ignore", log, log] },
    );
    fs.closeSync(log);
    this.process = child;
    this.exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    void this.exited.then(() => {
      if (this.process === child) this.process = null;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (!this.process) throw new Error(`The private dockerd exited while starting:\n${this.logTail()}`);
      if (await this.answers()) return;
      if (Date.now() > deadline) throw new Error(`The private dockerd did not answer within ${START_TIMEOUT_MS / 1000} s:\n${this.logTail()}`);
      await sleep(200);
    }
  }

  /** SIGTERM, like `systemctl stop docker`: the engine stops its containers and exits. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    child.kill("SIGTERM");
    const stopped = await Promise.race([this.exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
    if (!stopped) {
      child.kill("SIGKILL");
      await this.exited;
    }
  }

  /** Copies an image from the shared engine (`docker save | docker load`). */
  loadImage(image: string): void {
    execFileSync("bash", ["-c", 'set -o pipefail; docker save "$1" | DOCKER_HOST="unix://$2" docker load -q', "load", image, this.socketPath], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, DOCKER_HOST: "" },
      timeout: 120_000,
    });
  }

  /** Stops the engine (killing it if it hangs), kills leftover processes, unmounts, removes the directory. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    await this.stop().catch(() => undefined);
    this.destroySync();
  }

  logTail(lines = 30): string {
    try {
      return fs.readFileSync(path.join(this.dir, "dockerd.log"), "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  }

  private destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    process.removeListener("exit", this.exitHook);
    this.process?.kill("SIGKILL");
    // containerd and its shims outlive a killed dockerd; find them by this directory in their command line.
    for (const pid of processesMentioning(this.dir)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    for (const mount of mountsUnder(this.dir)) {
      try {
        execFileSync("umount", ["-l", mount], { stdio: "ignore" });
      } catch {
        // not mounted any more
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 5 });
  }

  private async answers(): Promise<boolean> {
    if (!fs.existsSync(this.socketPath)) return false;
    try {
      return String(await withTimeout(this.docker().ping(), 2_000, "the private engine ping")) === "OK";
    } catch {
      return false;
    }
  }
}

function processesMentioning(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir)) pids.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

function mountsUnder(dir: string): string[] {
  const mounts = fs
    .readFileSync("/proc/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[1] ?? "")
    .map((field) => field.replace(/\\040/g, " "))
    .filter((mount) => mount === dir || mount.startsWith(`${dir}/`));
  // Deepest first.
  return mounts.sort((a, b) => b.length - a.length);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The "runtimes" of the shared engine's /etc/docker/daemon.json (scripts/ensure-runsc.sh writes runsc there), if any. */
function sharedRuntimes(): unknown {
  try {
    return (JSON.parse(fs.readFileSync("/etc/docker/daemon.json", "utf8")) as { runtimes?: unknown }).runtimes ?? null;
  } catch {
    return null;
  }
}
