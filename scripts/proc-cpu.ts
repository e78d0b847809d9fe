// CPU time from the kernel's own counters, for the sandbox benchmarks (bench-sandbox.ts,
// cpu-breakdown.ts): the host's busy jiffies in /proc/stat and a process's in /proc/<pid>/stat.
import fs from "node:fs";

/** USER_HZ, the unit of /proc's CPU times (100 on Linux). */
const CLOCK_TICKS = 100;

/** Busy CPU ms of the whole host since boot: every field of /proc/stat's "cpu" line but idle and iowait. */
export function hostBusyMs(): number {
  const fields = (fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS;
}

/** [own, reaped children] CPU of a process in ms, or null when it is gone. */
export function procCpuMs(pid: number): [number, number] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ").map(Number);
    // fields[0] is the state; utime stime cutime cstime are fields 14-17 of stat, here 11-14.
    return [(((fields[11] ?? 0) + (fields[12] ?? 0)) * 1000) / CLOCK_TICKS, (((fields[13] ?? 0) + (fields[14] ?? 0)) * 1000) / CLOCK_TICKS];
  } catch {
    return null;
  }
}

/** The pid of the first process named `comm`, or null when there is none. */
export function findPid(comm: string): number | null {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() === comm) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}
