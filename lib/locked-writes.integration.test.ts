// The writes a learner or admin waits for, while another connection holds the database's write
// lock (SQLite: BEGIN IMMEDIATE on the file; PostgreSQL: EXCLUSIVE locks on the tables they
// write): a hint reveal, a solution view, a learner's and an admin's sign-in. Each waits the lock
// out and is stored once; past the retry budget each answers "busy, try again" and stores nothing.
// Submissions and drafts have the same tests beside them (lib/exercises/).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createAdmin } from "@/lib/admin/accounts";
import { signInWithPassword } from "@/lib/admin/sign-in";
import { signIn, signUp } from "@/lib/auth/accounts";
import { hashToken } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { revealHint, viewSolution } from "@/lib/exercises/learner-work";
import { holdWriteLock } from "@/test/database-lock";

const EXERCISE = "locked-writes";
const PASSWORD = "Sturdy-Password-77";
const TABLES = ["Learner", "HintReveal", "SolutionView", "SignInAttempt", "LearnerSession", "AdminSession"];

beforeAll(async () => {
  const lesson = await db.lesson.upsert({
    where: { slug: "locked-writes" },
    create: { slug: "locked-writes", title: "T", summary: "S", position: 903, sourcePath: "l.mdx", contentHash: "h" },
    update: {},
  });
  await db.exercise.upsert({
    where: { id: EXERCISE },
    create: {
      id: EXERCISE,
      lessonId: lesson.id,
      title: "Locked",
      position: 0,
      starterCode: "# start",
      solution: 'IO.puts("locked solution")',
      expectedOutput: "x",
      hints: JSON.stringify(["First hint.", "Second hint."]),
    },
    update: {},
  });
});

interface Cast {
  learner: string;
  username: string;
  accountId: string;
  adminName: string;
  address: string;
}

/** An anonymous learner who has earned the solution (a pass), a learner account and an admin, all made before the lock. */
async function cast(): Promise<Cast> {
  const tag = randomUUID().slice(0, 8);
  const learner = randomUUID();
  await db.learner.create({ data: { id: learner } });
  await db.submission.create({
    data: { learnerId: learner, exerciseId: EXERCISE, code: "ok", outcome: "ok", verdict: "passed", passed: true, stdout: "x", stderr: "", durationMs: 1 },
  });
  const username = `lock${tag}`;
  const account = await signUp({ username, password: PASSWORD }, null);
  if (!account.ok) throw new Error(account.message);
  const admin = await createAdmin(`lockadmin${tag}`, PASSWORD);
  return { learner, username, accountId: account.learnerId, adminName: admin.username, address: `locked-${tag}` };
}

/** The four writes, started together while the lock is held. */
function writeAll(c: Cast) {
  return Promise.all([
    revealHint({ exerciseId: EXERCISE, index: 0 }, c.learner),
    viewSolution(EXERCISE, c.learner),
    signIn({ username: c.username, password: PASSWORD }, null, c.address),
    signInWithPassword(c.adminName, PASSWORD, c.address),
  ]);
}

async function stored(c: Cast) {
  const admin = await db.admin.findUniqueOrThrow({ where: { username: c.adminName }, select: { id: true } });
  const [hints, views, learnerSessions, adminSessions, attempts] = await Promise.all([
    db.hintReveal.count({ where: { learnerId: c.learner, exerciseId: EXERCISE } }),
    db.solutionView.count({ where: { learnerId: c.learner, exerciseId: EXERCISE } }),
    // signUp opened one session already.
    db.learnerSession.count({ where: { learnerId: c.accountId } }),
    db.adminSession.count({ where: { adminId: admin.id } }),
    db.signInAttempt.findMany({
      where: { key: { in: [`learner:${c.username}`, `ip:${c.address}`, `admin:${c.adminName}`, `admin-ip:${c.address}`] } },
      select: { key: true, succeeded: true },
      orderBy: { key: "asc" },
    }),
  ]);
  return { hints, views, learnerSessions, adminSessions, attempts };
}

describe("writes a person waits for, while another connection holds the write lock", () => {
  it("wait a lock shorter than the retry budget out, and each is stored once", async () => {
    const c = await cast();
    const lock = await holdWriteLock(env.DATABASE_URL, { tables: TABLES, mode: "IMMEDIATE" });
    let released = false;
    // Far longer than SQLite's busy timeout (50 ms) and PostgreSQL's lock timeout (1 s), well
    // within the retry budget (5 s).
    const holdMs = Math.max(1_500, env.DATABASE_LOCK_TIMEOUT_MS * 1.5);
    const timer = setTimeout(() => {
      released = true;
      void lock.release();
    }, holdMs);
    try {
      const [hint, solution, learnerSignIn, adminSignIn] = await writeAll(c);
      // None of them could finish before the lock went away.
      expect(released).toBe(true);
      expect(hint).toEqual({ ok: true, revealed: 1, markdown: "First hint." });
      expect(solution).toEqual({ ok: true, solution: 'IO.puts("locked solution")' });
      expect(learnerSignIn).toMatchObject({ ok: true, learnerId: c.accountId, username: c.username });
      expect(adminSignIn).toMatchObject({ ok: true, username: c.adminName });
      if (!learnerSignIn.ok || !adminSignIn.ok) throw new Error("unreachable");
      expect(await db.learnerSession.count({ where: { id: hashToken(learnerSignIn.token) } })).toBe(1);
      expect(await db.adminSession.count({ where: { id: hashToken(adminSignIn.token) } })).toBe(1);
      expect(await stored(c)).toEqual({
        hints: 1,
        views: 1,
        learnerSessions: 2,
        adminSessions: 1,
        attempts: [
          { key: `admin-ip:${c.address}`, succeeded: true },
          { key: `admin:${c.adminName}`, succeeded: true },
          { key: `ip:${c.address}`, succeeded: true },
          { key: `learner:${c.username}`, succeeded: true },
        ],
      });
    } finally {
      clearTimeout(timer);
      await lock.release();
    }
  });

  it("answer 'busy, try again' past the retry budget and store nothing; the next try works", async () => {
    const c = await cast();
    const lock = await holdWriteLock(env.DATABASE_URL, { tables: TABLES, mode: "IMMEDIATE" });
    const started = Date.now();
    let answers: Awaited<ReturnType<typeof writeAll>>;
    try {
      answers = await writeAll(c);
    } finally {
      await lock.release();
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(env.DATABASE_BUSY_RETRY_MS);
    const [hint, solution, learnerSignIn, adminSignIn] = answers;
    const busy = /^The database is busy right now, so .+\. Try again in a moment\.$/;
    expect(hint).toEqual({ ok: false, message: "The database is busy right now, so the hint was not revealed. Try again in a moment." });
    expect(solution).toEqual({ ok: false, message: "The database is busy right now, so the solution was not opened. Try again in a moment." });
    expect(learnerSignIn).toEqual({ ok: false, message: expect.stringMatching(busy) });
    expect(adminSignIn).toEqual({ ok: false, reason: "database", message: expect.stringMatching(busy) });
    expect(await stored(c)).toEqual({ hints: 0, views: 0, learnerSessions: 1, adminSessions: 0, attempts: [] });

    const again = await writeAll(c);
    expect(again.map((answer) => answer.ok)).toEqual([true, true, true, true]);
    expect(await stored(c)).toMatchObject({ hints: 1, views: 1, learnerSessions: 2, adminSessions: 1 });
  });
});
