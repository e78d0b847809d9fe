// The client-address rule of scripts/server.mjs, in a module of its own so it can be unit tested.
// Plain ESM JavaScript: node runs server.mjs directly.

/**
 * The client behind `hops` trusted reverse proxies: the hops-th address from the right of
 * X-Forwarded-For + peer (each proxy appends the address it received the request from). When the
 * chain is shorter than promised, the leftmost address is the best there is.
 * @param {string | string[] | undefined} forwardedFor
 * @param {string} peer
 * @param {number} hops
 * @returns {string}
 */
export function clientBehindProxies(forwardedFor, peer, hops) {
  const raw = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const chain = [...raw.split(","), peer].map((s) => s.trim()).filter(Boolean);
  return chain[Math.max(0, chain.length - 1 - hops)] ?? peer;
}

/**
 * Overwrites the X-Forwarded-* request headers (Node's lower-case header object, in place) with
 * what the server knows or trusts: with no trusted proxy, the socket's peer and scheme, and no
 * X-Forwarded-Host; behind proxies, the client they report and the scheme the nearest one saw.
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {{ peer: string; encrypted: boolean }} socket
 * @param {number} trustProxy
 */
export function rewriteForwardedHeaders(headers, socket, trustProxy) {
  const scheme = socket.encrypted ? "https" : "http";
  delete headers["x-real-ip"];
  if (trustProxy === 0) {
    headers["x-forwarded-for"] = socket.peer;
    headers["x-forwarded-proto"] = scheme;
    delete headers["x-forwarded-host"];
    return;
  }
  headers["x-forwarded-for"] = clientBehindProxies(headers["x-forwarded-for"], socket.peer, trustProxy);
  const proto = String(headers["x-forwarded-proto"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .at(-1);
  headers["x-forwarded-proto"] = proto === "https" || proto === "http" ? proto : scheme;
}
