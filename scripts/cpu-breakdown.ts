// `npx tsx scripts/cpu-breakdown.ts`: where the CPU of one sandbox run goes, by process class and
// by phase, from the kernel's counters rather than wall time. One container at a time, hardened as
// every run's (container.ts), BENCH_BREAKDOWN_RUNS (default 8) lifecycles per variant, medians.
//
// Per phase (create, attach + start, boot to ready, the run, removal) it reads the host's busy
// jiffies (/proc/stat) and /proc/<pid>/stat of dockerd and containerd (utime+stime, plus the
// children they reaped), of this container's containerd-shim (its own time; the runc processes
// it starts and reaps count in its cutime+cstime, reported as runc), this process (node), and
// the container's cgroup (cpuacct.usage: the BEAM, from runc init's exec on). The rest of the
// host's busy time is "other" (the kernel's work outside those, short-lived processes, and
// whatever else runs on the machine: run it on a quiet machine).
//
// The BEAM's boot is split by starting the same image with shorter entrypoints that stop at a
// point and wait: the bare VM (kernel, stdlib), the elixir application started, Elixir's CLI with
// a trivial -e, then the real harness up to its ready frame (the compiler, ExUnit and the
// preloads warmed). The differences between their cgroup CPU at "ready" are the BEAM's phases.
import fs from "node:fs";
import os from "node:os";
import type Docker from "dockerode";
import { sandboxContainerOptions } from "../lib/sandbox/container";
import { dockerClient } from "../lib/sandbox/docker-client";
import { DockerStreamDemuxer } from "../lib/sandbox/docker-stream";
import { sandboxImageName } from "../lib/sandbox/image";
import { findPid, hostBusyMs, procCpuMs } from "./proc-cpu";

const RUNS = Number(process.env.BENCH_BREAKDOWN_RUNS ?? 8);
const LABEL = `breakdown.${os.hostname()}.${process.pid}`;

function pidOf(comm: string): number {
  const pid = findPid(comm);
  if (pid === null) throw new Error(`no ${comm} process on this host`);
  return pid;
}

function shimPidOf(containerId: string): number | null {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/comm`, "utf8").startsWith("containerd-shim")) continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(containerId)) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}

function cgroupCpuMs(id: string): number | null {
  try {
    return Number(fs.readFileSync(`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, "utf8").trim()) / 1e6;
  } catch {
    return null;
  }
}

const CLASSES = ["dockerd", "containerd", "shim", "runc", "container", "node", "other", "host"] as const;
type Class = (typeof CLASSES)[number];
type Sample = Record<Class, number>;

class Meter {
  private readonly dockerd = pidOf("dockerd");
  private readonly containerd = pidOf("containerd");
  shim: number | null = null;
  /** The shim's last figures (it exits with the container's removal, after our last look). */
  shimLast: [number, number] = [0, 0];
  containerMs = 0;
  /** The container's cgroup is gone: its init (the BEAM) has ended and the shim reaped it. */
  containerGone = false;
  containerId = "";
  private timer: NodeJS.Timeout | null = null;

  watch(): void {
    this.timer = setInterval(() => this.poll(), 5);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private poll(): void {
    if (this.containerId === "") return;
    this.shim ??= shimPidOf(this.containerId);
    // The first shim process found may be the short-lived `shim start` one: look again when it is gone.
    const cpu = this.shim === null ? null : procCpuMs(this.shim);
    if (cpu) this.shimLast = cpu;
    else this.shim = null;
    const ms = cgroupCpuMs(this.containerId);
    if (ms !== null) this.containerMs = Math.max(this.containerMs, ms);
    else if (this.containerMs > 0) this.containerGone = true;
  }

  sample(): Sample {
    this.poll();
    const sum = (pid: number) => {
      const cpu = procCpuMs(pid);
      return cpu ? cpu[0] + cpu[1] : 0;
    };
    const usage = process.cpuUsage();
    const s = {
      dockerd: sum(this.dockerd),
      containerd: sum(this.containerd),
      shim: this.shimLast[0],
      // The shim reaps runc's processes and, at the end, the container's init: take the latter out.
      runc: Math.max(0, this.shimLast[1] - (this.containerGone ? this.containerMs : 0)),
      container: this.containerMs,
      node: (usage.user + usage.system) / 1000,
      host: hostBusyMs(),
      other: 0,
    };
    return s;
  }
}

function diff(a: Sample, b: Sample): Sample {
  const d = {} as Sample;
  for (const key of CLASSES) d[key] = b[key] - a[key];
  d.other = d.host - d.dockerd - d.containerd - d.shim - d.runc - d.container - d.node;
  return d;
}

interface Variant {
  name: string;
  entrypoint: (base: string[]) => string[];
  ready: RegExp;
  /** Submit `IO.puts 1` after ready (the real harness only). */
  submit: boolean;
  /** Remove only once the VM has halted by itself after its result (no kill). */
  waitExit?: boolean;
}

const ERL_WAIT = 'io:put_chars("r\\n"), receive after infinity -> ok end';
const vmFlags = (base: string[]) => base.slice(0, base.indexOf("-noshell"));

const VARIANTS: Variant[] = [
  { name: "bare VM (erts, kernel, stdlib)", entrypoint: (base) => [...vmFlags(base), "-noshell", "-noinput", "-eval", ERL_WAIT], ready: /^r$/m, submit: false },
  {
    name: "+ elixir application",
    entrypoint: (base) => [
      ...vmFlags(base),
      "-noshell",
      "-noinput",
      "-elixir_root",
      "/usr/lib/elixir/lib",
      "-pa",
      "/usr/lib/elixir/lib/elixir/ebin",
      "-eval",
      `{ok, _} = application:ensure_all_started(elixir), ${ERL_WAIT}`,
    ],
    ready: /^r$/m,
    submit: false,
  },
  {
    name: "+ Elixir CLI and a trivial -e",
    entrypoint: (base) => [...base.slice(0, base.indexOf("-e")), "-e", 'IO.puts("r"); Process.sleep(:infinity)'],
    ready: /^r$/m,
    submit: false,
  },
  { name: "+ harness warm-up (compiler, ExUnit, preloads): ready", entrypoint: (base) => base, ready: /"t":"ready"/, submit: true },
  { name: "the same, removed once the VM has halted", entrypoint: (base) => base, ready: /"t":"ready"/, submit: true, waitExit: true },
];

interface Lifecycle {
  create: Sample;
  start: Sample;
  boot: Sample;
  run: Sample | null;
  remove: Sample;
}

async function lifecycle(docker: Docker, image: string, entrypoint: string[], variant: Variant, meter: Meter): Promise<Lifecycle> {
  const options = sandboxContainerOptions(image, LABEL, "runc");
  meter.containerId = "";
  meter.shim = null;
  meter.shimLast = [0, 0];
  meter.containerMs = 0;
  meter.containerGone = false;
  const s0 = meter.sample();
  const container = await docker.createContainer({ ...options, Entrypoint: entrypoint });
  meter.containerId = container.id;
  const s1 = meter.sample();
  const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
  const demuxer = new DockerStreamDemuxer();
  let stdout = "";
  let wake: () => void = () => undefined;
  stream.on("data", (chunk: Buffer) => {
    for (const { stream: which, data } of demuxer.push(chunk)) if (which === "stdout") stdout += data.toString("utf8");
    wake();
  });
  const until = async (pattern: RegExp) => {
    const deadline = Date.now() + 20_000;
    while (!pattern.test(stdout)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in ${JSON.stringify(stdout)}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  const waited = container.wait({ condition: "next-exit" }).catch(() => undefined);
  await container.start();
  const s2 = meter.sample();
  await until(variant.ready);
  const s3 = meter.sample();
  let s4: Sample | null = null;
  if (variant.submit) {
    const code = Buffer.from("IO.puts 1");
    stream.write(`${"ab".repeat(32)}\n${JSON.stringify({ timeoutMs: 5000, role: "program", tests: null, codeBytes: code.length })}\n`);
    stream.end(code);
    await until(/"t":"result"/);
    s4 = meter.sample();
  }
  if (variant.waitExit) await waited;
  await container.remove({ force: true });
  await waited;
  (stream as { destroy?: () => void }).destroy?.();
  // The shim exits after the removal answers; give the last look a moment.
  await new Promise((r) => setTimeout(r, 30));
  const s5 = meter.sample();
  return { create: diff(s0, s1), start: diff(s1, s2), boot: diff(s2, s3), run: s4 ? diff(s3, s4) : null, remove: diff(s4 ?? s3, s5) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function medianSample(samples: Sample[]): Sample {
  const m = {} as Sample;
  for (const key of CLASSES) m[key] = median(samples.map((s) => s[key]));
  return m;
}

function row(label: string, s: Sample): string {
  return `| ${label} | ${CLASSES.map((key) => s[key].toFixed(0)).join(" | ")} |`;
}

async function main(): Promise<void> {
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const docker = dockerClient();
  const image = await sandboxImageName();
  const base = ((await docker.getImage(image).inspect()).Config.Entrypoint ?? []) as string[];
  const meter = new Meter();
  meter.watch();
  const load = () => (os.loadavg()[0] ?? 0).toFixed(1);
  console.log(`image ${image}, ${RUNS} lifecycles per variant, one at a time; load average before ${load()}`);
  console.log(`CPU ms, medians; "other" is host busy time outside the named classes`);
  console.log(`| phase | ${CLASSES.join(" | ")} |`);
  console.log(`| --- | ${CLASSES.map(() => "---").join(" | ")} |`);
  const readyContainer: number[] = [];
  for (const variant of VARIANTS) {
    const entrypoint = variant.entrypoint(base);
    await lifecycle(docker, image, entrypoint, variant, meter); // warm the engine's caches
    const all: Lifecycle[] = [];
    for (let i = 0; i < RUNS; i++) all.push(await lifecycle(docker, image, entrypoint, variant, meter));
    const boot = medianSample(all.map((l) => l.boot));
    const start = medianSample(all.map((l) => l.start));
    readyContainer.push(median(all.map((l) => l.boot.container + l.start.container)));
    console.log(row(`${variant.name}: boot to ready`, boot));
    if (!variant.submit) continue;
    const create = medianSample(all.map((l) => l.create));
    const run = medianSample(all.flatMap((l) => (l.run ? [l.run] : [])));
    const remove = medianSample(all.map((l) => l.remove));
    const total = medianSample(all.map((l) => [l.create, l.start, l.boot, l.run ?? l.boot, l.remove].reduce((a, b) => {
      const sum = {} as Sample;
      for (const key of CLASSES) sum[key] = a[key] + b[key];
      return sum;
    })));
    console.log(row("create", create));
    console.log(row("attach, wait, start", start));
    console.log(row("the run (IO.puts 1)", run));
    console.log(row("removal", remove));
    console.log(row("whole lifecycle", total));
  }
  const [bare = 0, app = 0, cli = 0, harness = 0] = readyContainer;
  console.log(`container cgroup CPU at ready, ms: bare VM ${bare.toFixed(0)}, elixir app +${(app - bare).toFixed(0)}, CLI and -e +${(cli - app).toFixed(0)}, harness warm-up +${(harness - cli).toFixed(0)} (total ${harness.toFixed(0)})`);
  console.log(`load average after ${load()}`);
  meter.stop();
  clearInterval(keepAlive);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
