import os from "node:os";
import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { isOrphan, SANDBOX_LABEL, sandboxContainerOptions } from "./container";

const NOW = 1_800_000_000;
const host = os.hostname().replace(/[^A-Za-z0-9-]/g, "-");

function info(owner: string, state: string, ageSeconds: number): Docker.ContainerInfo {
  return { Labels: { [SANDBOX_LABEL]: owner }, State: state, Created: NOW - ageSeconds } as unknown as Docker.ContainerInfo;
}

describe("isOrphan", () => {
  const self = `app.${host}.${process.pid}.abcd`;

  it("never touches the walking skeleton's `=1` containers", () => {
    expect(isOrphan(info("1", "exited", 3600), self, NOW)).toBe(false);
  });

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
});

describe("sandboxContainerOptions", () => {
  it("hardens every container and labels it with its owner", () => {
    const options = sandboxContainerOptions("img", "owner");
    expect(options.Labels).toEqual({ [SANDBOX_LABEL]: "owner" });
    expect(options.Env).toEqual([]);
    expect(options.HostConfig).toMatchObject({
      NetworkMode: "none",
      ReadonlyRootfs: true,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      Binds: [],
      Mounts: [],
      PidsLimit: 64,
      AutoRemove: true,
    });
  });
});
