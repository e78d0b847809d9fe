import { NextResponse, type NextRequest } from "next/server";
import { LEARNER_COOKIE, LEARNER_COOKIE_MAX_AGE, isLearnerId } from "@/lib/auth/learner-cookie";

// Gives every visitor an anonymous learner id on the first request, and makes it visible to
// that same request's rendering, so progress is kept from the very first run.
export function proxy(request: NextRequest) {
  const existing = request.cookies.get(LEARNER_COOKIE)?.value;
  if (existing && isLearnerId(existing)) return NextResponse.next();

  const id = crypto.randomUUID();
  request.cookies.set(LEARNER_COOKIE, id);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(LEARNER_COOKIE, id, {
    httpOnly: true,
    sameSite: "lax",
    secure: request.nextUrl.protocol === "https:",
    path: "/",
    maxAge: LEARNER_COOKIE_MAX_AGE,
  });
  return response;
}

export const config = {
  matcher: ["/((?!_next/|monaco/|favicon.ico).*)"],
};
