import { NextResponse, type NextRequest } from "next/server";
import { LEARNER_COOKIE, isLearnerId, learnerCookieOptions } from "@/lib/auth/learner-cookie";
import { checkActionRequest } from "@/lib/security/action-request";
import { contentSecurityPolicy, createNonce, isHttpsRequest } from "@/lib/security/headers";

// Runs before every page and route handler:
// - a fresh CSP nonce per request, in the response's Content-Security-Policy and in the request's
//   (Next reads it there and puts it on its own scripts; app/layout.tsx reads `x-nonce`);
// - server-action requests too large or not decodable get a 4xx here (lib/security/action-request.ts);
// - an anonymous learner id on the first request, visible to that same request's rendering, so
//   progress is kept from the very first run. Accounts and sessions are checked on the server.
export async function proxy(request: NextRequest) {
  if (request.method === "POST" && request.headers.has("next-action")) {
    const refused = await checkActionRequest(request);
    if (refused) {
      console.warn(`action: ${refused.status} invalid path=${request.nextUrl.pathname.slice(0, 100)} ${refused.message}`);
      return NextResponse.json({ kind: "invalid", message: refused.message }, { status: refused.status });
    }
  }
  const https = isHttpsRequest(request.nextUrl.protocol, request.headers.get("x-forwarded-proto"));
  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });

  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);

  // Monitors polling the health endpoint are not learners.
  const existing = request.cookies.get(LEARNER_COOKIE)?.value;
  const needsLearner = request.nextUrl.pathname !== "/api/health" && !(existing && isLearnerId(existing));
  const newLearnerId = needsLearner ? crypto.randomUUID() : null;
  if (newLearnerId) {
    request.cookies.set(LEARNER_COOKIE, newLearnerId);
    headers.set("cookie", request.cookies.toString());
  }

  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  if (newLearnerId) response.cookies.set(LEARNER_COOKIE, newLearnerId, learnerCookieOptions(https));
  return response;
}

export const config = {
  // Static build output carries no documents; it gets the fixed headers from next.config.ts.
  matcher: ["/((?!_next/static/|_next/image|favicon.ico).*)"],
};
