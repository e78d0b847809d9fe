import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// The operators' compose files, checked offline: the services and who gets which setting, that
// every setting exists, that every command is a real script, that nothing is published beyond
// loopback, the networks, and Redis's queue-safety flags. With a compose CLI at hand, also
// `compose config`. `npm run test:compose` (test/scripts/compose-test.ts) builds and runs the stack.

interface Service {
  build?: { context?: string; args?: Record<string, string> };
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string | number> | string[];
  ports?: (string | { host_ip?: string; published?: string | number })[];
  volumes?: string[];
  user?: string;
  hostname?: string;
  init?: boolean;
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition?: string }>;
  stop_grace_period?: string;
  networks?: string[];
}

const read = (file: string) =>
  parse(fs.readFileSync(file, "utf8"), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown>; networks?: Record<string, { internal?: boolean } | null> };
const compose = read("compose.yaml");
const workerHost = read("compose.worker.yaml");
const scripts = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;

/** Every setting lib/env.ts validates, and every variable the README's configuration table names. */
function knownSettings(): Set<string> {
  const names = new Set<string>();
  for (const match of fs.readFileSync("lib/env.ts", "utf8").matchAll(/^\s+([A-Z][A-Z0-9_]+): z\b/gm)) names.add(match[1] ?? "");
  for (const line of fs.readFileSync("README.md", "utf8").split("\n")) {
    if (!line.startsWith("| `")) continue;
    for (const match of (line.split("|")[1] ?? "").matchAll(/`([A-Z][A-Z0-9_]+)`/g)) names.add(match[1] ?? "");
  }
  return names;
}

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((pair) => [pair.split("=")[0] ?? "", pair.split("=").slice(1).join("=")]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

function commandLine(service: Service): string {
  return Array.isArray(service.command) ? service.command.join(" ") : (service.command ?? "");
}

const APP_SERVICES = ["migrate", "web", "worker"] as const;

describe("compose.yaml", () => {
  it("has a proxy, web, workers, PostgreSQL, Redis and a one-shot migration, each built from Debian trixie", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["migrate", "postgres", "proxy", "redis", "web", "worker"]);
    for (const name of APP_SERVICES) expect(compose.services[name]?.build?.context, name).toBe(".");
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.build?.args?.BASE, `${name} builds from the base named by DEBIAN_BASE`).toBe("${DEBIAN_BASE:-debian:trixie-slim}");
      expect(fs.existsSync(`${service.build?.context}/Dockerfile`), `${name} has a Dockerfile`).toBe(true);
    }
    expect(compose.services.web?.deploy?.replicas).toBe(2);
    expect(compose.services.worker?.deploy?.replicas).toBe(2);
    expect(compose.services.proxy?.depends_on?.web?.condition).toBe("service_healthy");
    expect(compose.services.migrate?.depends_on?.postgres?.condition).toBe("service_healthy");
    expect(compose.services.web?.depends_on?.migrate?.condition).toBe("service_completed_successfully");
  });

  it("sets only settings the app knows, and no secret in the file", () => {
    // Plus the one setting of the containers' init (Docker's tini), not of the app.
    const known = new Set([...knownSettings(), "TINI_SUBREAPER"]);
    expect(known.has("REDIS_URL") && known.has("SANDBOX_POOL_SIZE") && known.has("TRUST_PROXY")).toBe(true);
    for (const [name, service] of Object.entries({ ...compose.services, "worker host": workerHost.services.worker as Service })) {
      if (name === "postgres" || name === "redis") continue;
      for (const key of Object.keys(environment(service))) expect(known, `${name} sets ${key}, which neither lib/env.ts nor the README knows`).toContain(key);
    }
    const text = fs.readFileSync("compose.yaml", "utf8");
    expect(text).toContain("${POSTGRES_PASSWORD:?");
    expect(text).toContain("${REDIS_PASSWORD:?");
    for (const url of Object.values(compose.services).flatMap((s) => Object.values(environment(s)))) {
      if (/^(postgres(ql)?|rediss?):\/\//.test(url)) expect(url, "a password in a URL comes from the environment").toMatch(/:\/\/[^@]*\$\{[A-Z_]+\}@/);
    }
  });

  it("gives the database to web and the migration only, and Redis to web and workers", () => {
    const has = (service: Service | undefined, key: string) => service !== undefined && key in environment(service);
    const withDatabase = Object.entries(compose.services).filter(([, s]) => has(s, "DATABASE_URL")).map(([name]) => name);
    expect(withDatabase.sort()).toEqual(["migrate", "web"]);
    expect(has(compose.services.web, "REDIS_URL")).toBe(true);
    expect(has(compose.services.worker, "REDIS_URL")).toBe(true);
    expect(has(workerHost.services.worker, "REDIS_URL")).toBe(true);
    expect(has(workerHost.services.worker, "DATABASE_URL")).toBe(false);
    expect(environment(compose.services.web as Service).REDIS_PREFIX).toBe(environment(compose.services.worker as Service).REDIS_PREFIX);
  });

  it("runs real scripts, with the process itself (not npm) receiving SIGTERM where it drains", () => {
    // The image bundles the TypeScript entry points to dist/<name>.mjs (tsx is a dev dependency).
    const dockerfile = fs.readFileSync("Dockerfile", "utf8");
    for (const name of APP_SERVICES) {
      const line = commandLine(compose.services[name] as Service);
      expect(line, `${name} runs no npm`).not.toMatch(/\bnpm\b/);
      for (const match of line.matchAll(/\bscripts\/[\w./-]+/g)) expect(fs.existsSync(match[0]), `${name} names ${match[0]}`).toBe(true);
      for (const match of line.matchAll(/\bdist\/([\w-]+)\.mjs/g)) {
        expect(dockerfile, `the Dockerfile bundles scripts/${match[1]}.ts for ${name}`).toContain(`scripts/${match[1]}.ts`);
        expect(line, `${name} runs the bundle with the react-server condition, as tsx does`).toContain("--conditions=react-server");
      }
    }
    // The long-running ones are what their package.json scripts run, minus npm (and tsx).
    expect(commandLine(compose.services.web as Service)).toMatch(new RegExp(`^${escape(scripts.serve ?? "-")}\\b`));
    expect(scripts.worker).toBe("tsx --conditions=react-server scripts/sandbox-worker.ts");
    expect(commandLine(compose.services.worker as Service)).toBe("node --conditions=react-server dist/sandbox-worker.mjs");
    expect(commandLine(workerHost.services.worker as Service)).toBe(commandLine(compose.services.worker as Service));
    expect(scripts["db:migrate"]).toBe("prisma migrate deploy");
    expect(commandLine(compose.services.migrate as Service)).toMatch(/^sh -c node_modules\/\.bin\/prisma migrate deploy && .*node --conditions=react-server dist\/content-sync\.mjs/);
    for (const name of ["web", "worker"]) expect(compose.services[name]?.init, `${name} has an init that passes signals on`).toBe(true);
  });

  it("publishes the proxy on loopback only, nothing else, and keeps the rest on an internal network", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (name !== "proxy") expect(service.ports, `${name} publishes nothing`).toBeUndefined();
      expect(service.networks, `${name} is on the backend network`).toContain("backend");
      if (name !== "proxy") expect(service.networks, `${name} is on no other network`).toEqual(["backend"]);
    }
    expect(compose.services.proxy?.ports?.length).toBe(1);
    expect(compose.networks?.backend?.internal, "the backend network has no route out").toBe(true);
    for (const [name, service] of Object.entries({ ...compose.services, "worker host": workerHost.services.worker as Service })) {
      for (const port of service.ports ?? []) {
        const hostIp = typeof port === "string" ? port.split(":")[0] : port.host_ip;
        expect(hostIp, `${name} publishes ${JSON.stringify(port)}`).toBe("127.0.0.1");
      }
    }
  });

  it("keeps Redis safe for a queue and both data stores on volumes", () => {
    const redis = commandLine(compose.services.redis as Service);
    expect(redis).toMatch(/--maxmemory-policy noeviction\b/);
    expect(redis).toMatch(/--appendonly yes\b/);
    expect(compose.services.redis?.volumes?.some((v) => v.endsWith(":/data"))).toBe(true);
    expect(compose.services.postgres?.volumes?.some((v) => v.endsWith(":/var/lib/postgresql/data"))).toBe(true);
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(["postgres-data", "redis-data"]);
  });

  it("gives the Docker socket to the workers and the migration (its sync proves exercises) only, without a fixed host name", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const socket = (service.volumes ?? []).some((v) => v.startsWith("/var/run/docker.sock:"));
      expect(socket, `${name} and the Docker socket`).toBe(name === "worker" || name === "migrate");
    }
    // Containers are labelled with the worker's host name and pid; two workers sharing a host
    // name would take each other's live containers for a dead process's leftovers.
    expect(compose.services.worker?.hostname).toBeUndefined();
    expect(workerHost.services.worker?.hostname).toBeUndefined();
    expect(workerHost.services.worker?.volumes).toContain("/var/run/docker.sock:/var/run/docker.sock");
  });

  it("has Dockerfiles from Debian trixie, non-root, and a .dockerignore that keeps local state and secrets out", () => {
    const dockerfile = fs.readFileSync("Dockerfile", "utf8");
    for (const file of ["Dockerfile", "deploy/postgres/Dockerfile", "deploy/redis/Dockerfile", "deploy/proxy/Dockerfile"]) {
      const text = fs.readFileSync(file, "utf8");
      expect(text, file).toMatch(/^ARG BASE=debian:trixie-slim$/m);
      for (const from of text.matchAll(/^FROM (\S+)/gm)) expect(["${BASE}", "node", "deps"], `${file}: FROM ${from[1]}`).toContain(from[1]);
      const users = [...text.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
      expect(users.length, `${file} drops root`).toBeGreaterThan(0);
      expect(users.at(-1), `${file} runs as a user other than root`).not.toMatch(/^(root|0)(:|$)/);
    }
    expect(dockerfile, "both Prisma clients").toContain("npm run db:generate");
    expect(scripts["db:generate"]).toContain("prisma/postgres/schema.prisma");
    expect(dockerfile, "no dev dependencies in the runtime image").toContain("npm prune --omit=dev");
    const runtime = dockerfile.slice(dockerfile.indexOf("FROM node AS runtime"));
    expect(runtime, "the runtime stage copies from the build stage").toContain("COPY --from=build /app/node_modules");
    expect(runtime, "no compiler in the runtime image").not.toMatch(/g\+\+|libnode-dev|\bnpm ci\b/);
    const ignored = fs.readFileSync(".dockerignore", "utf8").split("\n").map((l) => l.trim());
    for (const entry of ["node_modules", ".next", "data", ".git", ".env*", "lib/generated"]) expect(ignored, entry).toContain(entry);
  });

  const cli = composeCli();
  it.skipIf(cli === null)("is accepted by `docker compose config`", () => {
    const env = { ...process.env, POSTGRES_PASSWORD: "check", REDIS_PASSWORD: "check", REDIS_URL: "rediss://:check@redis.internal:6380" };
    for (const file of ["compose.yaml", "compose.worker.yaml"]) {
      execFileSync(cli?.[0] ?? "docker", [...(cli?.slice(1) ?? []), "-f", file, "config", "--quiet"], { env, stdio: "pipe" });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function composeCli(): string[] | null {
  for (const candidate of [["docker", "compose"], ["docker-compose"]]) {
    try {
      execFileSync(candidate[0] ?? "", [...candidate.slice(1), "version"], { stdio: "ignore" });
      return candidate;
    } catch {
      // not installed
    }
  }
  return null;
}
