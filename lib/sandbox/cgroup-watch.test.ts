import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CgroupWatch, cgroupFiles, counterValue } from "./cgroup-watch";

const V1 = "12:memory:/docker/abc\n8:pids:/docker/abc\n1:name=systemd:/docker/abc\n0::/docker/abc\n";

describe("cgroupFiles", () => {
  it("reads cgroup v1 controller lines, even where a v2 hierarchy is mounted too", () => {
    expect(cgroupFiles(V1, false, "/cg")).toEqual({
      pids: { file: "/cg/pids/docker/abc/pids.events", key: "max" },
      memory: { file: "/cg/memory/docker/abc/memory.oom_control", key: "oom_kill" },
    });
    expect(cgroupFiles(V1, true, "/cg").pids?.file).toBe("/cg/pids/docker/abc/pids.events");
  });

  it("reads the v2 line only on a v2 root", () => {
    const v2 = "0::/system.slice/docker-abc.scope\n";
    expect(cgroupFiles(v2, true, "/cg")).toEqual({
      pids: { file: "/cg/system.slice/docker-abc.scope/pids.events", key: "max" },
      memory: { file: "/cg/system.slice/docker-abc.scope/memory.events", key: "oom_kill" },
    });
    expect(cgroupFiles(v2, false, "/cg")).toEqual({ pids: null, memory: null });
  });
});

describe("counterValue", () => {
  it("finds a key in a flat-keyed file", () => {
    expect(counterValue("max 3\n", "max")).toBe(3);
    expect(counterValue("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", "oom_kill")).toBe(2);
    expect(counterValue("oom_kill_disable 1\n", "oom_kill")).toBeNull();
    expect(counterValue("", "max")).toBeNull();
  });
});

describe("CgroupWatch", () => {
  let dir = "";
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function fakeHost(): { pids: string; memory: string; proc: string; root: string } {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cgw-"));
    const proc = path.join(dir, "proc");
    const root = path.join(dir, "cg");
    fs.mkdirSync(path.join(proc, "42"), { recursive: true });
    fs.writeFileSync(path.join(proc, "42", "cgroup"), V1);
    fs.mkdirSync(path.join(root, "pids/docker/abc"), { recursive: true });
    fs.mkdirSync(path.join(root, "memory/docker/abc"), { recursive: true });
    const pids = path.join(root, "pids/docker/abc/pids.events");
    const memory = path.join(root, "memory/docker/abc/memory.oom_control");
    fs.writeFileSync(pids, "max 0\n");
    fs.writeFileSync(memory, "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
    return { pids, memory, proc, root };
  }

  it("reports a counter that rose after it opened, and keeps it once the cgroup is gone", () => {
    const host = fakeHost();
    const watch = CgroupWatch.open(42, "abc", host.proc, host.root);
    expect(watch).not.toBeNull();
    expect(watch!.sample()).toEqual({ pids: false, memory: false });
    fs.writeFileSync(host.pids, "max 1\n");
    expect(watch!.sample()).toEqual({ pids: true, memory: false });
    fs.writeFileSync(host.memory, "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
    fs.rmSync(path.join(host.root, "pids"), { recursive: true });
    expect(watch!.stop()).toEqual({ pids: true, memory: true });
  });

  it("samples on its own while started", async () => {
    const host = fakeHost();
    const watch = CgroupWatch.open(42, "abc", host.proc, host.root)!;
    watch.start();
    fs.writeFileSync(host.pids, "max 4\n");
    fs.rmSync(path.join(host.root, "pids"), { recursive: true });
    expect(watch.stop()).toEqual({ pids: false, memory: false });
    const again = fakeHost();
    const started = CgroupWatch.open(42, "abc", again.proc, again.root)!;
    started.start();
    fs.writeFileSync(again.pids, "max 4\n");
    await new Promise((resolve) => setTimeout(resolve, 100));
    fs.rmSync(path.join(again.root, "pids"), { recursive: true });
    expect(started.stop()).toEqual({ pids: true, memory: false });
  });

  it("is null where the host's files are out of reach or belong to another process", () => {
    const host = fakeHost();
    expect(CgroupWatch.open(7, "abc", host.proc, host.root)).toBeNull();
    expect(CgroupWatch.open(0, "abc", host.proc, host.root)).toBeNull();
    expect(CgroupWatch.open(42, "another-container", host.proc, host.root)).toBeNull();
    fs.rmSync(host.root, { recursive: true });
    expect(CgroupWatch.open(42, "abc", host.proc, host.root)).toBeNull();
  });
});
