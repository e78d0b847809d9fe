// The Docker engine connection (DOCKER_HOST, else /var/run/docker.sock) and the errors that
// mean "the engine or the image is not there" rather than "the learner's code failed".
import Docker from "dockerode";

const clients = new Map<string, Docker>();

export function dockerClient(): Docker {
  const host = process.env.DOCKER_HOST ?? "";
  let client = clients.get(host);
  if (!client) {
    client = host ? new Docker() : new Docker({ socketPath: "/var/run/docker.sock" });
    clients.set(host, client);
  }
  return client;
}

export function dockerEndpoint(): string {
  return process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
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

/** A forced removal only conflicts when another removal (AutoRemove) is already under way. */
export function isRemovalInProgress(error: unknown): boolean {
  return asDockerError(error).statusCode === 409;
}

export function describeError(error: unknown): string {
  const { code, message } = asDockerError(error);
  return code ?? message ?? String(error);
}
