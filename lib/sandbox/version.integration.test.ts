// The versions the site names are the ones the real sandbox image runs.
import { afterAll, describe, expect, it } from "vitest";
import { run, shutdown } from "@/lib/sandbox";
import { SANDBOX_ELIXIR_VERSION, SANDBOX_OTP_RELEASE } from "./version";

afterAll(() => shutdown());

describe("sandbox versions", () => {
  it("match System.version() and the OTP release run in the sandbox", async () => {
    const result = await run({ code: "IO.puts(System.version())\nIO.puts(System.otp_release())" });
    expect(result.outcome, JSON.stringify(result)).toBe("ok");
    expect(result.stdout.split("\n")).toEqual([SANDBOX_ELIXIR_VERSION, SANDBOX_OTP_RELEASE, ""]);
  });
});
