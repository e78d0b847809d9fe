// The sandbox's part of the health endpoint: does the Docker engine answer a ping, and how fast.
// Never hangs (raced with a timer); reports only the endpoint, without any credentials in it.
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
  let handle: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    handle = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const answer = await Promise.race([dockerClient().ping(), timeout]);
    const ms = Math.round(performance.now() - started);
    return String(answer) === "OK" ? { ok: true, ms, endpoint } : { ok: false, ms, endpoint, error: "unexpected answer to ping" };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), endpoint, error: describeError(error) };
  } finally {
    clearTimeout(handle);
  }
}

/** The endpoint without user, password, query or fragment (tcp://user:pass@host:2376 -> tcp://host:2376). */
export function publicEndpoint(endpoint: string): string {
  if (endpoint.startsWith("unix://")) return endpoint;
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  } catch {
    return "(unparseable DOCKER_HOST)";
  }
}
