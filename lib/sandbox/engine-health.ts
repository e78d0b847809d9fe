// The sandbox's part of the health endpoint: does the Docker engine answer a ping, and how fast,
// and does it offer the configured runtime (SANDBOX_RUNTIME; runc always is). Never hangs (raced
// with a timer); reports only the endpoint, without any credentials in it.
import { env, type SandboxRuntime } from "@/lib/env";
import { TimeoutError, withTimeout } from "../with-timeout";
import { describeError, dockerClient, dockerEndpoint } from "./docker-client";

export interface EngineHealth {
  ok: boolean;
  ms: number;
  endpoint: string;
  /** The OCI runtime sandbox containers run under. */
  runtime: SandboxRuntime;
  error?: string;
}

export async function engineHealth(timeoutMs = 2_000, runtime: SandboxRuntime = env.SANDBOX_RUNTIME): Promise<EngineHealth> {
  const endpoint = publicEndpoint(dockerEndpoint());
  const started = performance.now();
  const report = (error?: string): EngineHealth => ({
    ok: error === undefined,
    ms: Math.round(performance.now() - started),
    endpoint,
    runtime,
    ...(error === undefined ? {} : { error }),
  });
  const check = async (): Promise<string | undefined> => {
    const docker = dockerClient();
    if (String(await docker.ping()) !== "OK") return "unexpected answer to ping";
    if (runtime === "runc") return undefined;
    const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
    return info.Runtimes?.[runtime] ? undefined : `the engine has no runtime "${runtime}" (npm run setup registers it; docs/sandbox.md "Runtimes")`;
  };
  try {
    return report(await withTimeout(check(), timeoutMs, "the engine's ping"));
  } catch (error) {
    return report(error instanceof TimeoutError ? `no answer within ${timeoutMs} ms` : describeError(error));
  }
}

/** The endpoint without user, password, query or fragment (tcp://user:pass@host:2376 -> tcp://host:2376). */
function publicEndpoint(endpoint: string): string {
  if (endpoint.startsWith("unix://")) return endpoint;
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  } catch {
    return "(unparseable DOCKER_HOST)";
  }
}
