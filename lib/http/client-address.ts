// The client's address, for per-address rate limits and sign-in throttling. The production server
// (scripts/server.mjs) overwrites `x-forwarded-for` with the one address it trusts (the socket's
// peer, or what the TRUST_PROXY reverse proxies report), so the header holds a single entry the
// client cannot choose. One rule for every caller: the last entry, the hop nearest this server.
const ADDRESS = /^[0-9A-Fa-f:.]{2,45}$/;

/** The client's address from request headers, or "unknown" when there is none worth trusting. */
export function clientAddress(headers: Pick<Headers, "get">): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const last = hops.at(-1);
  return last !== undefined && ADDRESS.test(last) ? normalise(last) : "unknown";
}

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is the IPv4 address; hex is lower case. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address.toLowerCase();
}
