// run(): one program in one fresh container, always removed afterwards. Failures of the sandbox
// itself (engine down, image missing, boot failure) come back as `unavailable` with what to do.
import { dockerClient, dockerEndpoint, describeError, isEngineUnreachable, isImageMissing } from "./docker-client";
import { BUILD_COMMAND, sandboxImageDir, sandboxImageName } from "./image";
import { clampTimeout } from "./limits";
import { SandboxSession, SessionBootError } from "./session";
import type { RunRequest, RunResult } from "./types";
import { validateSource } from "./validate";

export async function run(request: RunRequest): Promise<RunResult> {
  const check = validateSource(request.code);
  if (!check.ok) return unavailable(check.message);
  const timeoutMs = clampTimeout(request.timeoutMs);

  let image: string;
  try {
    image = await sandboxImageName();
  } catch (error) {
    return unavailable(
      `Cannot read the sandbox image sources in ${sandboxImageDir()} (${describeError(error)}); start the server from the repository root or set SANDBOX_IMAGE.`,
    );
  }

  let session: SandboxSession;
  try {
    session = await SandboxSession.start(dockerClient(), image);
  } catch (error) {
    return unavailable(startFailureMessage(error, image));
  }

  try {
    return await session.submit(request.code, timeoutMs);
  } catch (error) {
    return unavailable(`Lost contact with the Docker engine during the run (${describeError(error)}); try again.`);
  } finally {
    await session.dispose().catch((error: unknown) => {
      console.error(`sandbox: could not remove container ${session.id}: ${describeError(error)}`);
    });
  }
}

function startFailureMessage(error: unknown, image: string): string {
  if (isEngineUnreachable(error))
    return `Cannot reach the Docker engine at ${dockerEndpoint()} (${describeError(error)}); start it (dockerd, see scripts/ensure-docker.sh) and try again.`;
  if (isImageMissing(error)) return `The sandbox image ${image} is missing; run \`${BUILD_COMMAND}\` and try again.`;
  if (error instanceof SessionBootError) return error.message;
  return `The sandbox could not start (${describeError(error)}).`;
}

function unavailable(message: string): RunResult {
  return { outcome: "unavailable", message, stdout: "", stderr: "", truncated: false, durationMs: 0 };
}
