import { NextResponse, type NextRequest } from "next/server";
import { LEARNER_COOKIE, isLearnerId, learnerCookieOptions } from "@/lib/auth/learner-cookie";

// Gives every visitor an anonymous learner id on the first request, and makes it visible to
// that same request's rendering, so progress is kept from the very first run. Accounts and
// sessions are checked on the server (lib/auth/learner.ts), not here.
export function proxy(request: NextRequest) {
  const existing = request.cookies.get(LEARNER_COOKIE)?.value;
  if (existing && isLearnerId(existing)) return NextResponse.next();

  const id = crypto.randomUUID();
  request.cookies.set(LEARNER_COOKIE, id);
  const response = NextResponse.next({ request: { headers: request.headers } });
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  response.cookies.set(LEARNER_COOKIE, id, learnerCookieOptions(https));
  return response;
}

export const config = {
  matcher: ["/((?!_next/|monaco/|favicon.ico).*)"],
};
