// What the current request says about its client, for server actions and route handlers: the
// client's address and whether it came over HTTPS. Both read headers that scripts/server.mjs
// overwrites with what it knows or trusts (TRUST_PROXY), so a client cannot choose them.
import "server-only";
import { headers } from "next/headers";
import { clientAddress } from "./client-address";
import { forwardedHttps } from "@/lib/security/headers";

/** The client's address for rate limits, by the one rule of lib/http/client-address.ts. */
export async function requestClientAddress(): Promise<string> {
  return clientAddress(await headers());
}

/**
 * Whether cookies set in answer to this request get the Secure flag: it came over HTTPS, or a page
 * served over HTTPS sent it (its Origin).
 */
export async function cookiesShouldBeSecure(): Promise<boolean> {
  const h = await headers();
  return forwardedHttps(h.get("x-forwarded-proto")) || (h.get("origin") ?? "").startsWith("https:");
}
