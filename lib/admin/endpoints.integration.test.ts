// Every admin endpoint refuses strangers, learners and expired or forged sessions, and works for
// an admin. The endpoints are read from the app/admin tree: a new page, route, layout or action
// without an entry below makes this test fail.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createAdmin } from "./accounts";
import { ADMIN_COOKIE, createAdminSession, SESSION_TTL_MS } from "./session";

const jar = new Map<string, string>();
const setCookies: { name: string; value: string; options: Record<string, unknown> }[] = [];
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string, options: Record<string, unknown> = {}) => {
      setCookies.push({ name, value, options });
      if (value) jar.set(name, value);
      else jar.delete(name);
    },
  }),
  headers: async () => new Headers({ "x-forwarded-for": "10.20.30.40", "x-forwarded-proto": "https" }),
}));

const ADMIN_DIR = path.resolve("app/admin");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

const SUBMISSION_ID = "guard-sub-1";

/** Sample params per dynamic admin URL; pages not listed here make the test fail. */
const OTHER_ADMIN_ID = "guard-other-admin";
const PAGES: Record<string, Record<string, string>> = {
  "/admin": {},
  "/admin/account": {},
  "/admin/admins": {},
  "/admin/admins/[id]": { id: OTHER_ADMIN_ID },
  "/admin/errors": {},
  "/admin/exercises": {},
  "/admin/exercises/[id]": { id: "guard-ex" },
  "/admin/funnel": {},
  "/admin/submissions": {},
  "/admin/submissions/[id]": { id: SUBMISSION_ID },
};
const PUBLIC_PAGES = ["/admin/sign-in"];
const LAYOUTS = ["/admin/(dashboard)"];
const ROUTES: Record<string, { params: Record<string, string>; url: string }> = {
  "/admin/export/[table]": { params: { table: "exercises" }, url: "http://127.0.0.1/admin/export/exercises" },
};
/** Exported server actions by file; signIn is the sign-in form and is covered by auth.integration.test.ts. */
const ACTIONS: Record<string, { guarded: string[]; public: string[] }> = {
  "app/admin/actions.ts": { guarded: ["signOut"], public: ["signIn"] },
  "app/admin/(dashboard)/admins/actions.ts": { guarded: ["changePassword", "resetPassword", "setAdminDisabled"], public: [] },
};

const urlOf = (file: string) =>
  "/" + path.relative(path.resolve("app"), path.dirname(file)).split(path.sep).filter((seg) => !/^\(.*\)$/.test(seg)).join("/");
const tree = files(ADMIN_DIR);
const pageFiles = tree.filter((f) => /\/page\.tsx?$/.test(f));
const routeFiles = tree.filter((f) => /\/route\.tsx?$/.test(f));
const layoutFiles = tree.filter((f) => /\/layout\.tsx?$/.test(f));
const actionFiles = tree.filter((f) => /\.tsx?$/.test(f) && /^["']use server["']/m.test(fs.readFileSync(f, "utf8")));

async function outcome(run: () => unknown): Promise<{ redirect?: string; status?: number; value?: unknown }> {
  try {
    const value = await run();
    if (value instanceof Response) return { status: value.status, value };
    return { value };
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT")) return { redirect: digest.split(";")[2] };
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) return { status: Number(digest.split(";")[1]) };
    throw error;
  }
}

type Visitor = { name: string; cookies: () => Promise<Record<string, string>> };
let adminId = "";
const visitors: Visitor[] = [
  { name: "a stranger", cookies: async () => ({}) },
  { name: "an anonymous learner", cookies: async () => ({ learner: "0b7d2a63-5c1e-4f43-9a0e-3f1f0d6b2c11" }) },
  {
    name: "a signed-in learner whose session token is put in the admin cookie",
    cookies: async () => {
      const { token } = await createAdminSession(adminId); // a real token shape...
      await db.adminSession.deleteMany(); // ...that is not an admin session
      await db.learnerSession.upsert({ where: { id: "learner-session" }, create: { id: "learner-session", learnerId: "guard-learner", expiresAt: new Date(Date.now() + 3_600_000) }, update: {} });
      return { learner: "0b7d2a63-5c1e-4f43-9a0e-3f1f0d6b2c11", learner_session: token, [ADMIN_COOKIE]: token };
    },
  },
  { name: "a forged admin cookie", cookies: async () => ({ [ADMIN_COOKIE]: "A".repeat(43) }) },
  {
    name: "an expired admin session",
    cookies: async () => ({ [ADMIN_COOKIE]: (await createAdminSession(adminId, new Date(Date.now() - SESSION_TTL_MS - 1000))).token }),
  },
];

async function signInAsAdmin(): Promise<void> {
  jar.clear();
  jar.set(ADMIN_COOKIE, (await createAdminSession(adminId)).token);
}

beforeAll(async () => {
  await db.$transaction([db.adminSession.deleteMany(), db.admin.deleteMany(), db.learnerSession.deleteMany()]);
  adminId = (await createAdmin("guard-admin", "Guard-Password-2026")).id;
  await db.admin.create({ data: { id: OTHER_ADMIN_ID, username: "guard-other", passwordHash: (await db.admin.findUniqueOrThrow({ where: { id: adminId } })).passwordHash } });
  await db.lesson.upsert({ where: { slug: "guard-lesson" }, create: { slug: "guard-lesson", title: "Guard", summary: "", position: 999, sourcePath: "g.mdx", contentHash: "x" }, update: {} });
  const lesson = await db.lesson.findUniqueOrThrow({ where: { slug: "guard-lesson" } });
  await db.exercise.upsert({ where: { id: "guard-ex" }, create: { id: "guard-ex", lessonId: lesson.id, title: "Guard exercise", position: 1, starterCode: "", solution: "x" }, update: {} });
  await db.learner.upsert({ where: { id: "guard-learner" }, create: { id: "guard-learner", username: "guard-learner" }, update: {} });
  await db.submission.upsert({
    where: { id: SUBMISSION_ID },
    create: { id: SUBMISSION_ID, exerciseId: "guard-ex", learnerId: "guard-learner", code: "SECRET_CODE_MARKER", outcome: "ok", verdict: "passed", passed: true, stdout: "", stderr: "", durationMs: 1 },
    update: {},
  });
});

afterAll(async () => {
  await db.$transaction([db.adminSession.deleteMany(), db.learnerSession.deleteMany()]);
});

beforeEach(async () => {
  jar.clear();
  setCookies.length = 0;
  await db.adminSession.deleteMany();
});

describe("the admin tree", () => {
  it("has an entry in this test for every page, layout, route and action file", () => {
    expect(pageFiles.map(urlOf).sort()).toEqual([...Object.keys(PAGES), ...PUBLIC_PAGES].map((u) => u.replace(/\/\(.*?\)/g, "")).sort());
    expect(routeFiles.map(urlOf).sort()).toEqual(Object.keys(ROUTES).sort());
    expect(layoutFiles.map((f) => "/" + path.relative(path.resolve("app"), path.dirname(f))).sort()).toEqual(LAYOUTS.sort());
    expect(actionFiles.map((f) => path.relative(process.cwd(), f)).sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  it("exports no server action this test does not know", async () => {
    for (const [file, { guarded, public: open }] of Object.entries(ACTIONS)) {
      const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
      const exported = Object.keys(mod).filter((k) => typeof mod[k] === "function").sort();
      expect(exported, file).toEqual([...guarded, ...open].sort());
    }
  });
});

const pageModule = async (url: string) => {
  const file = pageFiles.find((f) => urlOf(f) === url);
  if (!file) throw new Error(`no page file for ${url}`);
  return (await import(/* @vite-ignore */ file)) as { default: (props: unknown) => unknown };
};

describe.each(visitors)("$name", (visitor) => {
  beforeEach(async () => {
    for (const [k, v] of Object.entries(await visitor.cookies())) jar.set(k, v);
  });

  it.each(Object.entries(PAGES))("is sent to sign-in from the page %s", async (url, params) => {
    const page = await pageModule(url);
    const result = await outcome(() => page.default({ params: Promise.resolve(params), searchParams: Promise.resolve({}) }));
    expect(result).toEqual({ redirect: "/admin/sign-in" });
  });

  it.each(LAYOUTS)("is sent to sign-in from the layout %s", async (dir) => {
    const layout = (await import(/* @vite-ignore */ layoutFiles.find((f) => f.includes(dir))!)) as { default: (props: unknown) => unknown };
    expect(await outcome(() => layout.default({ children: null }))).toEqual({ redirect: "/admin/sign-in" });
  });

  it.each(Object.entries(ROUTES))("gets a 404 from the route %s", async (url, { params, url: href }) => {
    const file = routeFiles.find((f) => urlOf(f) === url)!;
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
    const methods = Object.keys(mod).filter((k) => /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(k));
    expect(methods.length).toBeGreaterThan(0);
    for (const method of methods) {
      const response = await mod[method]!(new Request(href, { method }), { params: Promise.resolve(params) });
      expect(response.status, method).toBe(404);
      expect(await response.text()).not.toContain("SECRET_CODE_MARKER");
    }
  });

  it.each(Object.entries(ACTIONS))("gets a 404 from the guarded actions in %s, and nothing changes", async (file, { guarded }) => {
    const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const live = () => db.adminSession.count({ where: { expiresAt: { gt: new Date() } } });
    const sessionsBefore = await live();
    for (const name of guarded) {
      expect(await outcome(() => mod[name]!({ error: null, username: "" }, new FormData())), name).toEqual({ status: 404 });
    }
    expect(await live()).toBe(sessionsBefore);
    expect(setCookies).toEqual([]);
  });

  it("sees the sign-in page", async () => {
    const page = await pageModule("/admin/sign-in");
    expect((await outcome(() => page.default({ params: Promise.resolve({}), searchParams: Promise.resolve({}) }))).value).toBeTruthy();
  });
});

describe("a signed-in admin", () => {
  beforeEach(signInAsAdmin);

  it.each(Object.entries(PAGES))("gets the page %s", async (url, params) => {
    const page = await pageModule(url);
    const result = await outcome(() => page.default({ params: Promise.resolve(params), searchParams: Promise.resolve({}) }));
    expect(result.redirect).toBeUndefined();
    expect(result.value).toBeTruthy();
  });

  it("is sent from the sign-in page to the dashboard", async () => {
    const page = await pageModule("/admin/sign-in");
    expect(await outcome(() => page.default({ params: Promise.resolve({}), searchParams: Promise.resolve({}) }))).toEqual({ redirect: "/admin" });
  });

  it.each(Object.entries(ROUTES))("gets CSV from the route %s", async (url, { params, url: href }) => {
    const mod = (await import(/* @vite-ignore */ routeFiles.find((f) => urlOf(f) === url)!)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
    const response = await mod.GET!(new Request(href), { params: Promise.resolve(params) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/attachment/);
    expect(await response.text()).toMatch(/^Lesson,Exercise,Exercise id,Attempts/);
  });

  it("gets a clear 400 for a bad filter and 404 for an unknown table", async () => {
    const { GET } = (await import("@/app/admin/export/[table]/route")) as { GET: (req: Request, ctx: unknown) => Promise<Response> };
    expect((await GET(new Request("http://127.0.0.1/admin/export/exercises?from=yesterday"), { params: Promise.resolve({ table: "exercises" }) })).status).toBe(400);
    expect((await GET(new Request("http://127.0.0.1/admin/export/secrets"), { params: Promise.resolve({ table: "secrets" }) })).status).toBe(404);
  });

  it("signs out: the session row and the cookie are gone", async () => {
    const { signOut } = await import("@/app/admin/actions");
    expect(await outcome(() => signOut())).toEqual({ redirect: "/admin/sign-in" });
    expect(await db.adminSession.count()).toBe(0);
    expect(setCookies).toEqual([expect.objectContaining({ name: ADMIN_COOKIE, value: "", options: expect.objectContaining({ maxAge: 0, path: "/admin" }) })]);
  });
});

describe("the sign-in action", () => {
  it("sets an httpOnly, SameSite=Strict, Secure-over-https cookie scoped to /admin, and refuses bad passwords", async () => {
    const { signIn } = await import("@/app/admin/actions");
    const form = (u: string, p: string) => {
      const f = new FormData();
      f.set("username", u);
      f.set("password", p);
      return f;
    };
    expect(await outcome(() => signIn({ error: null, username: "" }, form("guard-admin", "nope")))).toEqual({ value: { error: "Wrong username or password.", username: "guard-admin" } });
    expect(await outcome(() => signIn({ error: null, username: "" }, form("", "")))).toMatchObject({ value: { error: "Enter your username." } });
    expect(setCookies).toEqual([]);
    expect(await outcome(() => signIn({ error: null, username: "" }, form("guard-admin", "Guard-Password-2026")))).toEqual({ redirect: "/admin" });
    expect(setCookies).toEqual([
      expect.objectContaining({ name: ADMIN_COOKIE, options: expect.objectContaining({ httpOnly: true, sameSite: "strict", secure: true, path: "/admin" }) }),
    ]);
    expect(await db.adminSession.count()).toBe(1);
  });
});
