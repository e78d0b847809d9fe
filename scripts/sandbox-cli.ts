// `npm run sandbox -- file.exs [--tests tests.exs] [--timeout ms]`: runs a file exactly as a
// submission would (with ExUnit test bodies from --tests, if given) and prints the RunResult as one
// JSON object. Exit 0 when it ran (whatever the outcome), 1 when the sandbox was unavailable or
// busy, 2 on usage errors.
import { readFile } from "node:fs/promises";
import { run, shutdown } from "../lib/sandbox";

const USAGE = "usage: npm run sandbox -- path/to/file.exs [--tests path/to/tests.exs] [--timeout ms]";

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArgs(args: string[]): { file: string; testsFile?: string; timeoutMs?: number } {
  let file: string | undefined;
  let testsFile: string | undefined;
  let timeoutMs: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--tests") {
      testsFile = args[++i];
      if (!testsFile) fail(`--tests wants a file of ExUnit test bodies\n${USAGE}`);
    } else if (arg === "--timeout") {
      timeoutMs = Number(args[++i]);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) fail(`--timeout wants a positive number of milliseconds\n${USAGE}`);
    } else if (arg === "-h" || arg === "--help") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg?.startsWith("-") || file !== undefined) {
      fail(`unexpected argument ${arg}\n${USAGE}`);
    } else {
      file = arg;
    }
  }
  if (file === undefined) fail(USAGE);
  return { file, testsFile, timeoutMs };
}

async function readOrFail(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const { file, testsFile, timeoutMs } = parseArgs(process.argv.slice(2));
  const code = await readOrFail(file);
  const tests = testsFile === undefined ? undefined : await readOrFail(testsFile);
  const result = await run({ code, timeoutMs, tests });
  await shutdown();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (result.outcome === "unavailable" || result.outcome === "busy") fail(result.message, 1);
}

main().catch((error: unknown) => fail(`sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1));
