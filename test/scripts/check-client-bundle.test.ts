import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLesson } from "@/lib/lessons/parse";
import { clientOutputFiles, contentNeedles, encodings, scanFiles, secretNeedles } from "@/test/client-bundle";

const SOLUTION = 'greeting = "Hi there, friend"\nIO.puts(String.upcase(greeting) <> "!!")';
const LESSON = `---
title: Planted
slug: planted
order: 1
part: basics
summary: A lesson for the bundle check's test.
minutes: 5
---

# Planted

Shouting turns the greeting into \`HI THERE, FRIEND!!\`.

<Exercise id="planted-shout" title="Shout">

Shout the greeting.

\`\`\`elixir starter
greeting = "Hi there, friend"
\`\`\`

\`\`\`elixir solution
${SOLUTION}
\`\`\`

\`\`\`text expected
HI THERE, FRIEND!!
\`\`\`

</Exercise>

<Exercise id="planted-short" title="Short">

\`\`\`elixir starter
# print it
\`\`\`

\`\`\`elixir solution
IO.puts("Short")
\`\`\`

\`\`\`text expected
Short
\`\`\`

</Exercise>
`;
const SECRET = "s3cr3t-planted-admin-password";

let root: string;
let nextDir: string;
let contentDir: string;

/** A fake build output: one clean chunk, one with the solution (as a minifier writes it), one HTML page with the secret. */
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-check-"));
  nextDir = path.join(root, ".next");
  contentDir = path.join(root, "content");
  fs.mkdirSync(path.join(nextDir, "static", "chunks"), { recursive: true });
  fs.mkdirSync(path.join(nextDir, "server", "app"), { recursive: true });
  fs.mkdirSync(path.join(nextDir, "server", "chunks"), { recursive: true });
  fs.mkdirSync(contentDir);
  fs.writeFileSync(path.join(nextDir, "BUILD_ID"), "test");
  fs.writeFileSync(path.join(contentDir, "01-planted.mdx"), LESSON);
  fs.writeFileSync(path.join(nextDir, "static", "chunks", "clean.js"), 'console.log("Hi there");var x="Short";');
  fs.writeFileSync(path.join(nextDir, "static", "chunks", "leak.js"), `var s=${JSON.stringify(SOLUTION)};`);
  fs.writeFileSync(path.join(nextDir, "server", "app", "page.html"), `<p>${SECRET}</p>`);
  // Server code holds the answers by design and is not served: never scanned.
  fs.writeFileSync(path.join(nextDir, "server", "chunks", "server.js"), `var s=${JSON.stringify(SOLUTION)};"${SECRET}"`);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("needles", () => {
  it("takes solutions and expected outputs, skipping values too short or shown in the lesson text", () => {
    const { needles, skipped } = contentNeedles([parseLesson("01-planted.mdx", LESSON)]);
    expect(needles.map((n) => n.label)).toEqual(["solution of planted-shout", "solution of planted-short"]);
    expect(skipped).toEqual(["expected output of planted-shout (shown in the lesson text)", "expected output of planted-short (shorter than 12 characters)"]);
  });

  it("takes the values of secret variables only", () => {
    const { needles, skipped } = secretNeedles({ ADMIN_PASSWORD: SECRET, SESSION_SECRET: "tiny", PATH: "/usr/bin:/bin", API_KEY: "k".repeat(20) });
    expect(needles).toEqual([
      { label: "value of ADMIN_PASSWORD", value: SECRET },
      { label: "value of API_KEY", value: "k".repeat(20) },
    ]);
    expect(skipped).toEqual(["value of SESSION_SECRET (shorter than 8 characters)"]);
  });

  it("looks for a value as written in JS, in the RSC payload inside HTML, and in HTML text", () => {
    expect(encodings('a "b"\nc')).toEqual(expect.arrayContaining(['a "b"\nc', 'a \\"b\\"\\nc', 'a \\\\\\"b\\\\\\"\\\\nc', "a &quot;b&quot;\nc"]));
  });
});

describe("scan", () => {
  it("finds the planted solution and the planted secret, and nothing in the clean chunk or in server code", () => {
    const files = clientOutputFiles(nextDir);
    expect(files.map((f) => path.relative(nextDir, f))).toEqual([path.join("server", "app", "page.html"), path.join("static", "chunks", "clean.js"), path.join("static", "chunks", "leak.js")]);
    const needles = [...contentNeedles([parseLesson("01-planted.mdx", LESSON)]).needles, { label: "value of ADMIN_PASSWORD", value: SECRET }];
    const findings = scanFiles(files, needles).map((f) => `${path.relative(nextDir, f.file)}: ${f.label}`);
    expect(findings).toEqual([`${path.join("server", "app", "page.html")}: value of ADMIN_PASSWORD`, `${path.join("static", "chunks", "leak.js")}: solution of planted-shout`]);
  });

  it("as a command, exits 1 naming the file and what was found", () => {
    const result = spawnSync("npx", ["tsx", "test/scripts/check-client-bundle.ts", nextDir], {
      encoding: "utf8",
      env: { ...process.env, CONTENT_DIR: contentDir, ADMIN_PASSWORD: SECRET },
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/leak\.js: solution of planted-shout/);
    expect(result.stdout).toMatch(/page\.html: value of ADMIN_PASSWORD/);
    expect(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}")).toMatchObject({ files: 3, findings: 2 });
  }, 60_000);

  it("as a command, exits 0 when the output is clean", () => {
    fs.rmSync(path.join(nextDir, "static", "chunks", "leak.js"));
    const result = spawnSync("npx", ["tsx", "test/scripts/check-client-bundle.ts", nextDir], {
      encoding: "utf8",
      env: { ...process.env, CONTENT_DIR: contentDir, ADMIN_PASSWORD: "another-password-entirely" },
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/2 files .* are clean of/);
  }, 60_000);
});
