import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { dockerClient } from "./docker-client";

describe("dockerClient", () => {
  // docker-modem formats every request's options, agent included, for its debug log.
  it("formats its agent as a name, however deep the inspection", () => {
    const modem = (dockerClient() as unknown as { modem: { agent?: unknown } }).modem;
    expect(modem.agent).toBeDefined();
    expect(inspect({ agent: modem.agent }, { showHidden: true, depth: null })).toBe("{ agent: UnrefAgent }");
  });
});
