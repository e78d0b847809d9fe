// `tsx scripts/check-client-bundle.ts [.next]`: after `next build`, scans everything the build
// serves to browsers as files (.next/static/**, prerendered HTML/RSC under .next/server/app and
// .next/server/pages) for what must never reach a browser unearned: every exercise's reference
// solution, hidden tests and expected output (read from CONTENT_DIR, default content/), the values
// of secret environment variables present at build time, and markers of server-only modules
// (test/client-bundle.ts says which and why). Prints each finding as "<file>: <what>",
// exits 1 when there is any (2 when it cannot check), and ends with one JSON line.
import fs from "node:fs";
import path from "node:path";
import { readCourse } from "@/lib/lessons/load";
import { SERVER_MARKERS, clientOutputFiles, contentNeedles, scanFiles, secretNeedles } from "@/test/client-bundle";

async function main(): Promise<number> {
  const nextDir = path.resolve(process.argv[2] ?? ".next");
  const contentDir = path.resolve(process.env.CONTENT_DIR ?? "content");
  if (!fs.existsSync(path.join(nextDir, "BUILD_ID"))) {
    console.error(`check-client-bundle: no build in ${nextDir}; run \`next build\` first.`);
    return 2;
  }
  const course = await readCourse(contentDir);
  if (course.lessons.length === 0) {
    console.error(`check-client-bundle: no lessons found in ${contentDir}; nothing to compare against.`);
    return 2;
  }
  const content = contentNeedles(course.lessons);
  const secrets = secretNeedles(process.env);
  const needles = [...content.needles, ...secrets.needles, ...SERVER_MARKERS];
  const files = clientOutputFiles(nextDir);
  const findings = scanFiles(files, needles);

  for (const skip of [...content.skipped, ...secrets.skipped]) console.log(`check-client-bundle: not looked for: ${skip}`);
  for (const f of findings) console.log(`${path.relative(process.cwd(), f.file)}: ${f.label}`);
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  console.log(
    findings.length === 0
      ? `check-client-bundle: ${files.length} files (${Math.round(bytes / 1024)} KiB) are clean of ${needles.length} needles`
      : `check-client-bundle: ${findings.length} finding(s); the client output must not contain these`,
  );
  console.log(JSON.stringify({ files: files.length, bytes, needles: needles.length, skipped: content.skipped.length + secrets.skipped.length, findings: findings.length }));
  return findings.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
