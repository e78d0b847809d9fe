// The hint, solution and sign-in server actions called the way any client can call them: with
// wrong types, missing fields, oversized strings or no form at all. Each gets a typed failure and
// one log line (no values in it), and nothing reaches the database; well-formed calls still work.
// Real SQLite database; only the request context (cookies, headers) is stood in for.
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { db } from "@/lib/db";

const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers({ "x-forwarded-for": "192.0.2.77" }),
}));

const { revealHintAction, viewSolutionAction } = await import("@/app/lessons/[slug]/actions");
const { signInAction, signUpAction } = await import("@/app/account/actions");
const { signIn: adminSignIn } = await import("@/app/admin/actions");

const EXERCISE = "sec-actions-test";
let warn: MockInstance<typeof console.warn>;

beforeAll(async () => {
  const lesson = await db.lesson.upsert({
    where: { slug: "sec-actions-test" },
    create: { slug: "sec-actions-test", title: "T", summary: "S", position: 902, sourcePath: "s.mdx", contentHash: "h" },
    update: {},
  });
  await db.exercise.upsert({
    where: { id: EXERCISE },
    create: { id: EXERCISE, lessonId: lesson.id, title: "Sec", position: 0, starterCode: "# start", solution: "IO.puts(:ok)", expectedOutput: "ok", hints: JSON.stringify(["Use `IO.puts/1`."]) },
    update: {},
  });
});

beforeEach(() => {
  jar.clear();
  jar.set("learner", randomUUID());
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(() => warn.mockRestore());

function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** Exactly one log line, naming the action, never echoing what was sent. */
function expectOneLogLine(action: string, sent: string[] = []): void {
  expect(warn).toHaveBeenCalledTimes(1);
  const line = String(warn.mock.calls[0]?.[0]);
  expect(line).toMatch(new RegExp(`^action ${action}: invalid input \\(.+\\)$`));
  expect(line.length).toBeLessThan(400);
  for (const value of sent) expect(line).not.toContain(value);
}

describe("hints and the solution", () => {
  it("a well-formed hint request reveals the hint", async () => {
    const result = await revealHintAction(EXERCISE, 0);
    expect(result).toMatchObject({ ok: true, revealed: 1 });
    expect(warn).not.toHaveBeenCalled();
  });

  const malformedHints: [string, unknown[]][] = [
    ["an object as the id", [{ id: EXERCISE }, 0]],
    ["a string index", [EXERCISE, "0"]],
    ["a fractional index", [EXERCISE, 0.5]],
    ["a negative index", [EXERCISE, -1]],
    ["a huge index", [EXERCISE, 1e12]],
    ["a 10 000-character id", ["a".repeat(10_000), 0]],
    ["a missing index", [EXERCISE]],
    ["a path as the id", ["../../etc/passwd", 0]],
  ];
  it.each(malformedHints)("a hint request with %s fails with 'Unknown hint.' and stores nothing", async (_name, args) => {
    const call = revealHintAction as (...a: unknown[]) => ReturnType<typeof revealHintAction>;
    expect(await call(...args)).toEqual({ ok: false, message: "Unknown hint." });
    expectOneLogLine("revealHint", ["a".repeat(50), "passwd"]);
    expect(await db.hintReveal.count({ where: { learnerId: jar.get("learner") } })).toBe(0);
  });

  it.each([
    ["a number", [42]],
    ["an array", [[EXERCISE]]],
    ["nothing", []],
    ["an oversized id", ["x".repeat(50_000)]],
  ] as [string, unknown[]][])("a solution request with %s fails with 'Unknown exercise.' and records no view", async (_name, args) => {
    const call = viewSolutionAction as (...a: unknown[]) => ReturnType<typeof viewSolutionAction>;
    expect(await call(...args)).toEqual({ ok: false, message: "Unknown exercise." });
    expectOneLogLine("viewSolution", ["x".repeat(50)]);
    expect(await db.solutionView.count({ where: { learnerId: jar.get("learner") } })).toBe(0);
  });

  it("a well-formed solution request still applies the unlock rule", async () => {
    expect(await viewSolutionAction(EXERCISE)).toEqual({ ok: false, message: "The solution opens after you pass, or after a few attempts." });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("learner sign-up and sign-in", () => {
  const INVALID = { message: "Check the form: enter a username and a password of at most 200 characters." };
  const attempts = () => db.signInAttempt.count({ where: { key: "ip:192.0.2.77" } });

  it.each([
    ["no form at all", null],
    ["a string instead of a form", "username=a&password=b"],
    ["a missing password", form({ username: "someone" })],
    ["a file as the username", form({ username: new Blob(["x"]), password: "long-enough-password" })],
    ["a 201-character password", form({ username: "someone", password: "p".repeat(201) })],
    ["a 10 000-character username", form({ username: "u".repeat(10_000), password: "long-enough-password" })],
    ["an oversized next path", form({ username: "someone", password: "long-enough-password", next: `/${"n".repeat(600)}` })],
  ] as [string, unknown][])("sign-in with %s is refused before any lookup, hashing or rate count", async (_name, input) => {
    const before = await attempts();
    expect(await signInAction(null, input as FormData)).toEqual(INVALID);
    expectOneLogLine("signIn", ["u".repeat(50), "p".repeat(50)]);
    expect(await attempts()).toBe(before);
  });

  it("sign-up with malformed fields is refused the same way and creates no account", async () => {
    const before = await db.learner.count({ where: { username: { not: null } } });
    expect(await signUpAction(null, form({ username: "x".repeat(500), password: "long-enough-password" }))).toEqual(INVALID);
    expectOneLogLine("signUp");
    expect(await db.learner.count({ where: { username: { not: null } } })).toBe(before);
  });

  it("a well-formed sign-in with a wrong password gets the account rules' answer and no input log line", async () => {
    const state = await signInAction(null, form({ username: "nobody-here", password: "a-wrong-password" }));
    expect(state).toMatchObject({ message: "Wrong username or password." });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("admin sign-in", () => {
  it("no form at all: a typed failure and a log line", async () => {
    expect(await adminSignIn({ error: null, username: "" }, null as unknown as FormData)).toEqual({ error: "Enter your username and password.", username: "" });
    expectOneLogLine("adminSignIn");
  });

  it("an oversized password: refused before hashing, with a log line", async () => {
    const state = await adminSignIn({ error: null, username: "" }, form({ username: "admin", password: "p".repeat(257) }));
    expect(state).toEqual({ error: "That password is too long.", username: "admin" });
    expectOneLogLine("adminSignIn", ["p".repeat(50)]);
  });

  it("a file as the username: refused, and the username is not echoed", async () => {
    const state = await adminSignIn({ error: null, username: "" }, form({ username: new Blob(["x"]), password: "whatever" }));
    expect(state).toEqual({ error: "Enter your username.", username: "" });
    expectOneLogLine("adminSignIn");
  });

  it("empty fields are a person's slip: the form's message, no log line", async () => {
    const state = await adminSignIn({ error: null, username: "" }, form({ username: "", password: "" }));
    expect(state.error).toBe("Enter your username.");
    expect(warn).not.toHaveBeenCalled();
  });
});
