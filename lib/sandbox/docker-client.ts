// The Docker engine connection (DOCKER_HOST, else /var/run/docker.sock) and the errors that
// mean "the engine or the image is not there" rather than "the learner's code failed".
// Engine sockets are unref'd: an idle pool (containers waiting on stdin, long-poll waits) must not
// keep a script's event loop alive. Work in progress holds the loop open itself (activity.ts).
//
// docker-modem formats every request's options with `util.inspect(options, { showHidden: true,
// depth: null })` for its debug log, enabled or not, and the options hold the agent: its sockets,
// their parsers and every function's hidden properties: 40 to 50 ms of the web process's CPU per
// sandbox run (docs/sandbox.md "Where the CPU goes"). The agent inspects as its name instead.
import http from "node:http";
import type net from "node:net";
import { inspect } from "node:util";
import Docker from "dockerode";
import { liveEnv } from "@/lib/env";

const clients = new Map<string, Docker>();

class UnrefAgent extends http.Agent {
  override createConnection(...args: Parameters<http.Agent["createConnection"]>): ReturnType<http.Agent["createConnection"]> {
    const socket = super.createConnection(...args) as net.Socket | undefined;
    socket?.unref?.();
    return socket;
  }

  [inspect.custom](): string {
    return "UnrefAgent";
  }
}

export function dockerClient(): Docker {
  const host = liveEnv.dockerHost() ?? "";
  let client = clients.get(host);
  if (!client) {
    const agent = new UnrefAgent();
    const unix = host === "" || host.startsWith("unix://");
    client = unix ? new Docker({ socketPath: host ? host.slice("unix://".length) : "/var/run/docker.sock", agent } as Docker.DockerOptions) : new Docker();
    clients.set(host, client);
  }
  return client;
}

export function dockerEndpoint(): string {
  return liveEnv.dockerHost() ?? "unix:///var/run/docker.sock";
}

interface DockerError {
  code?: string;
  statusCode?: number;
  message?: string;
}

function asDockerError(error: unknown): DockerError {
  return typeof error === "object" && error !== null ? (error as DockerError) : {};
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOENT", "EACCES", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ETIMEDOUT"]);

export function isEngineUnreachable(error: unknown): boolean {
  const { code } = asDockerError(error);
  return code !== undefined && UNREACHABLE_CODES.has(code);
}

export function isImageMissing(error: unknown): boolean {
  const { statusCode, message } = asDockerError(error);
  return statusCode === 404 && /no such image/i.test(message ?? "");
}

export function isGone(error: unknown): boolean {
  return asDockerError(error).statusCode === 404;
}

/** A forced removal only conflicts when another removal (a sweep, a second dispose) is already under way. */
export function isRemovalInProgress(error: unknown): boolean {
  return asDockerError(error).statusCode === 409;
}

export function describeError(error: unknown): string {
  const { code, message } = asDockerError(error);
  return code ?? message ?? String(error);
}
