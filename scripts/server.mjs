// The site's HTTP server (`npm start`, `npm run dev`, e2e/serve.sh): Next.js behind node:http, so
// that two things are ours rather than Next's.
//
// 1. The client's address. X-Forwarded-For is overwritten with the one address we trust: the
//    socket's peer, or with TRUST_PROXY=<hops> (reverse proxies in front, default 0) the address
//    those proxies report, i.e. the hops-th entry from the right of X-Forwarded-For + peer. A client
//    cannot choose its address (rate limits, sign-in throttling: lib/http/client-address.ts).
//    X-Forwarded-Proto becomes the socket's scheme, and X-Forwarded-Host is dropped, unless trusted.
// 2. Graceful shutdown, as steps of lib/server/shutdown.mjs (which owns SIGTERM/SIGINT for the
//    process and exits once every step is done, within its deadline). First the server stops
//    accepting connections and closes keep-alive sockets once idle; the sandbox then drains runs in
//    flight and removes this process's containers (its step, registered from Next's
//    instrumentation); last the exit waits until every answer in flight is written, so a run that
//    finished in the sandbox during the drain still reaches its learner.
//
// usage: node scripts/server.mjs [--dev] [-H host] [-p port]   (PORT and HOSTNAME also work)
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { onShutdown } from "../lib/server/shutdown.mjs";
import { rewriteForwardedHeaders } from "./forwarded-headers.mjs";

const args = process.argv.slice(2);
const option = (short, long) => {
  const index = args.findIndex((a) => a === short || a === long);
  return index === -1 ? undefined : args[index + 1];
};
const dev = args.includes("--dev");
const port = Number(option("-p", "--port") ?? process.env.PORT ?? 3000);
const hostname = option("-H", "--hostname") ?? process.env.HOSTNAME ?? undefined;
const trustProxy = Number(process.env.TRUST_PROXY ?? 0);

if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port: ${port}`);
if (!Number.isInteger(trustProxy) || trustProxy < 0 || trustProxy > 10) fail(`TRUST_PROXY must be a whole number of proxies from 0 to 10, not "${process.env.TRUST_PROXY}"`);
// Set before Next loads, as `next start` / `next dev` would.
process.env.NODE_ENV ??= dev ? "development" : "production";

const { default: next } = await import("next");
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const server = http.createServer();
const app = next({ dev, dir, hostname: hostname ?? "localhost", port, httpServer: server });
const handle = app.getRequestHandler();

let shuttingDown = false;
let inFlight = 0;
const idleWaiters = new Set();

server.on("request", (req, res) => {
  inFlight += 1;
  res.once("close", () => {
    inFlight -= 1;
    if (inFlight === 0) for (const resolve of idleWaiters) resolve();
  });
  if (shuttingDown) res.setHeader("connection", "close");
  rewriteForwardedHeaders(req.headers, { peer: req.socket.remoteAddress ?? "", encrypted: Boolean(req.socket.encrypted) }, trustProxy);
  handle(req, res).catch((error) => {
    console.error("server: request failed", error);
    if (!res.headersSent) {
      res.statusCode = 500;
      res.end("Internal Server Error");
    }
  });
});

await app.prepare();
if (dev) server.on("upgrade", app.getUpgradeHandler());
server.listen(port, hostname, () => {
  const address = server.address();
  const shown = typeof address === "object" && address ? `${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}` : String(address);
  console.log(`server: ${dev ? "development" : "production"} build listening on http://${shown} (TRUST_PROXY=${trustProxy})`);
  if (!dev && process.env.WARM_PAGES !== "0" && typeof address === "object" && address) void warmPages(address);
});

onShutdown((signal) => beginShutdown(signal), "refuse");
onShutdown(
  () =>
    new Promise((resolve) => {
      if (inFlight === 0) resolve();
      else idleWaiters.add(resolve);
    }),
  "answer",
);

function beginShutdown(signal) {
  if (shuttingDown || signal === "beforeExit") return;
  shuttingDown = true;
  console.log(`server: ${signal} received; no new connections, finishing ${inFlight} request(s) in flight`);
  server.close();
  server.closeIdleConnections();
  // Keep-alive sockets are closed as they become idle.
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  idleSweep.unref();
}

/**
 * Renders the course page and then every lesson page once, one at a time, over loopback, so the
 * first learners of a class do not each pay for compiling a lesson's MDX and highlighting its code
 * (seconds per lesson on a busy 2-core host; a warm lesson page takes ~0.3 s). WARM_PAGES=0 skips it.
 */
async function warmPages(address) {
  const host = address.address === "0.0.0.0" ? "127.0.0.1" : address.address === "::" ? "[::1]" : address.address.includes(":") ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  const started = Date.now();
  try {
    const course = await fetch(`${origin}/`);
    const html = await course.text();
    const paths = [...new Set([...html.matchAll(/href="(\/lessons\/[a-z0-9-]+)"/g)].map((match) => match[1]))];
    for (const lessonPath of paths) {
      if (shuttingDown) return;
      await (await fetch(`${origin}${lessonPath}`)).arrayBuffer();
    }
    console.log(`server: warmed the course page and ${paths.length} lesson page(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.warn(`server: could not warm the lesson pages (${error instanceof Error ? error.message : String(error)})`);
  }
}

function fail(message) {
  console.error(`server: ${message}`);
  process.exit(2);
}
