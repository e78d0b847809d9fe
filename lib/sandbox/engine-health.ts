// The sandbox's part of the health endpoint: does the Docker engine answer a ping, and how fast.
// Never hangs (raced with a timer); reports only the endpoint, without any credentials in it.
import { TimeoutError, withTimeout } from "../with-timeout";
import { describeError, dockerClient, dockerEndpoint } from "./docker-client";

export interface EngineHealth {
  ok: boolean;
  ms: number;
  endpoint: string;
  error?: string;
}

export async function engineHealth(timeoutMs = 2_000): Promise<EngineHealth> {
  const endpoint = publicEndpoint(dockerEndpoint());
  const started = performance.now();
  try {
    const answer = await withTimeout(dockerClient().ping(), timeoutMs, "the engine's ping");
    const ms = Math.round(performance.now() - started);
    return String(answer) === "OK" ? { ok: true, ms, endpoint } : { ok: false, ms, endpoint, error: "unexpected answer to ping" };
  } catch (error) {
    const reason = error instanceof TimeoutError ? `no answer within ${timeoutMs} ms` : describeError(error);
    return { ok: false, ms: Math.round(performance.now() - started), endpoint, error: reason };
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
