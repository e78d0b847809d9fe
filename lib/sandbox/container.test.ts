import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { hostLabel, isOrphan, ownerContainerId, SANDBOX_LABEL, sandboxContainerOptions, stoppedAtSeconds } from "./container";

const NOW = 1_800_000_000;
const host = hostLabel();

function info(owner: string, state: string, ageSeconds: number): Docker.ContainerInfo {
  return { Labels: { [SANDBOX_LABEL]: owner }, State: state, Created: NOW - ageSeconds } as unknown as Docker.ContainerInfo;
}

describe("isOrphan", () => {
  const self = `app.${host}.${process.pid}.abcd`;

  it("claims this instance's own containers", () => {
    expect(isOrphan(info(self, "running", 0), self, NOW)).toBe(true);
  });

  it("leaves running containers of live instances alone, here or on other hosts", () => {
    expect(isOrphan(info(`app.${host}.${process.pid}.other`, "running", 3600), self, NOW)).toBe(false);
    expect(isOrphan(info("app.elsewhere.1.beef", "running", 3600), self, NOW)).toBe(false);
  });

  it("reaps containers of a dead process on this host and long-stopped ones anywhere", () => {
    expect(isOrphan(info(`app.${host}.2147483646.dead`, "running", 5), self, NOW)).toBe(true);
    expect(isOrphan(info("app.elsewhere.1.beef", "exited", 120), self, NOW)).toBe(true);
    expect(isOrphan(info("app.elsewhere.1.beef", "created", 5), self, NOW)).toBe(false);
  });

  it("as the periodic sweep (self \"\"), spares this process's running containers and takes stuck ones", () => {
    const mine = `app.${host}.${process.pid}.abcd`;
    expect(isOrphan(info(mine, "running", 3600), "", NOW)).toBe(false);
    // Created and never started (AutoRemove never applies to those), past the threshold: orphaned.
    expect(isOrphan(info(mine, "created", 61), "", NOW)).toBe(true);
    expect(isOrphan(info(mine, "created", 59), "", NOW)).toBe(false);
    expect(isOrphan(info("app.elsewhere.1.beef", "created", 61), "", NOW)).toBe(true);
    expect(isOrphan(info(mine, "exited", 120), "", NOW)).toBe(true);
    expect(isOrphan(info(`app.${host}.2147483646.dead`, "running", 0), "", NOW)).toBe(true);
  });

  it("takes a container of this process's pid created before this process started as an earlier process's", () => {
    const now = Date.now() / 1000;
    const startedAt = now - process.uptime();
    const samePid = `app.${host}.${process.pid}.earlier`;
    const created = (seconds: number) => ({ ...info(samePid, "running", 0), Created: Math.floor(seconds) }) as Docker.ContainerInfo;
    expect(isOrphan(created(startedAt - 30), "", now)).toBe(true);
    expect(isOrphan(created(startedAt + 1), "", now)).toBe(false);
  });

  it("takes the age threshold as a parameter", () => {
    expect(isOrphan(info("app.elsewhere.1.beef", "created", 3), "", NOW, 2)).toBe(true);
    expect(isOrphan(info("app.elsewhere.1.beef", "created", 1), "", NOW, 2)).toBe(false);
  });
});

describe("ownerContainerId", () => {
  it("names the owner's container when its hostname is a short container id other than this host", () => {
    expect(ownerContainerId("app.0123456789ab.7.beef")).toBe("0123456789ab");
    expect(ownerContainerId("app.elsewhere.1.beef")).toBeNull();
    expect(ownerContainerId("app.0123456789AB.7.beef")).toBeNull();
    if (/^[0-9a-f]{12}$/.test(host)) expect(ownerContainerId(`app.${host}.7.beef`)).toBeNull();
  });
});

describe("stoppedAtSeconds", () => {
  it("counts a stopped container from when it stopped, one that never ran from its creation", () => {
    expect(stoppedAtSeconds({ FinishedAt: "2027-01-15T08:00:00.5Z" }, 5)).toBe(Date.parse("2027-01-15T08:00:00.5Z") / 1000);
    expect(stoppedAtSeconds({ FinishedAt: "0001-01-01T00:00:00Z" }, 5)).toBe(5);
    expect(stoppedAtSeconds({}, 7)).toBe(7);
  });
});

describe("sandboxContainerOptions", () => {
  it("hardens every container and labels it with its owner", () => {
    const options = sandboxContainerOptions("img", "owner", "runc");
    expect(options.Labels).toEqual({ [SANDBOX_LABEL]: "owner" });
    expect(options.Env).toEqual([]);
    expect(options.HostConfig).toMatchObject({
      NetworkMode: "none",
      ReadonlyRootfs: true,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges", expect.stringMatching(/^seccomp=\{"defaultAction":"SCMP_ACT_ERRNO"/)],
      Binds: [],
      Mounts: [],
      PidsLimit: 64,
      // Removed by the owner after inspecting (OOMKilled), never by the engine.
      AutoRemove: false,
    });
  });

  it("runs under the configured runtime unless told another", () => {
    expect(sandboxContainerOptions("img", "owner").HostConfig?.Runtime).toBe(process.env.SANDBOX_RUNTIME ?? "runc");
    expect(sandboxContainerOptions("img", "owner", "runsc").HostConfig?.Runtime).toBe("runsc");
  });

  it("gives runsc room for gVisor's own threads and no fsize limit, keeping the rest", () => {
    const runc = sandboxContainerOptions("img", "owner", "runc").HostConfig;
    const runsc = sandboxContainerOptions("img", "owner", "runsc").HostConfig;
    expect(runc?.Ulimits?.map((u) => u.Name)).toEqual(["nofile", "fsize", "core"]);
    expect(runsc?.Ulimits?.map((u) => u.Name)).toEqual(["nofile", "core"]);
    expect(runsc?.PidsLimit).toBe(256);
    expect(runsc?.SecurityOpt).toEqual(["no-new-privileges"]);
    expect({ ...runsc, PidsLimit: 64, Ulimits: [], Runtime: "runc", SecurityOpt: runc?.SecurityOpt }).toEqual({ ...runc, Ulimits: [] });
  });
});
