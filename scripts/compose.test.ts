import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// The operators' compose files cannot be built or started on the CI machines (no image
// registry), so this checks offline what can be: the services and who gets which setting, that
// every setting exists, that every command is a real script, that nothing is published beyond
// loopback, and Redis's queue-safety flags. With a compose CLI at hand, also `compose config`.

interface Service {
  build?: unknown;
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
}

const read = (file: string) => parse(fs.readFileSync(file, "utf8"), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
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
  it("has web, worker, PostgreSQL, Redis and a one-shot migration", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["migrate", "postgres", "redis", "web", "worker"]);
    for (const name of APP_SERVICES) expect(compose.services[name]?.build, name).toBe(".");
    expect(compose.services.web?.deploy?.replicas).toBe(2);
    expect(compose.services.migrate?.depends_on?.postgres?.condition).toBe("service_healthy");
    expect(compose.services.web?.depends_on?.migrate?.condition).toBe("service_completed_successfully");
  });

  it("sets only settings the app knows, and no secret in the file", () => {
    const known = knownSettings();
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
    for (const name of APP_SERVICES) {
      const line = commandLine(compose.services[name] as Service);
      for (const match of line.matchAll(/npm run (?:--silent )?([\w:-]+)/g)) expect(scripts, `${name} runs "npm run ${match[1]}"`).toHaveProperty([match[1] ?? ""]);
      for (const match of line.matchAll(/\bscripts\/[\w./-]+/g)) expect(fs.existsSync(match[0]), `${name} names ${match[0]}`).toBe(true);
    }
    // The long-running ones are exactly what their package.json scripts run, minus npm.
    expect(commandLine(compose.services.web as Service)).toMatch(new RegExp(`^${escape(scripts.serve ?? "-")}\\b`));
    expect(commandLine(compose.services.worker as Service).replace(/^node_modules\/\.bin\//, "")).toBe(scripts.worker);
    expect(commandLine(workerHost.services.worker as Service)).toBe(commandLine(compose.services.worker as Service));
    expect(commandLine(compose.services.migrate as Service)).toContain("npm run db:migrate");
    for (const name of ["web", "worker"]) expect(compose.services[name]?.init, `${name} has an init that passes signals on`).toBe(true);
  });

  it("publishes nothing beyond loopback, and PostgreSQL and Redis not at all", () => {
    expect(compose.services.postgres?.ports).toBeUndefined();
    expect(compose.services.redis?.ports).toBeUndefined();
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

  it("gives the Docker socket to the workers only, without a fixed host name", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const socket = (service.volumes ?? []).some((v) => v.startsWith("/var/run/docker.sock:"));
      expect(socket, `${name} and the Docker socket`).toBe(name === "worker");
    }
    // Containers are labelled with the worker's host name and pid; two workers sharing a host
    // name would take each other's live containers for a dead process's leftovers.
    expect(compose.services.worker?.hostname).toBeUndefined();
    expect(workerHost.services.worker?.hostname).toBeUndefined();
    expect(workerHost.services.worker?.volumes).toContain("/var/run/docker.sock:/var/run/docker.sock");
  });

  it("has a Dockerfile and a .dockerignore that keep local state and secrets out of the image", () => {
    const dockerfile = fs.readFileSync("Dockerfile", "utf8");
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile, "both Prisma clients").toContain("npm run db:generate");
    expect(scripts["db:generate"]).toContain("prisma/postgres/schema.prisma");
    expect(dockerfile).toMatch(/^USER node$/m);
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
