// The harness's side of the wire: turns the container's stdout bytes into frames.
// The harness writes one JSON object per line: {"t":"ready"}, {"t":"out"|"err","d":base64}, and
// one {"t":"result","r":base64(JSON),"mac":hex}. The result counts only when `mac` is the
// HMAC-SHA256 of `r` under the run's secret key (see verifyResult); any other line (a learner
// writing to the real stdout behind the harness's back) comes out as a `raw` frame, shown as
// output and never trusted. In a judged run the two containers also write relay frames
// (RELAY_TYPES), which the host checks for shape and passes to the other container's stdin.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

const harnessStatuses = [
  "ok",
  "compile_error",
  "runtime_error",
  "timeout",
  "output_limit",
  "memory_limit",
  "process_limit",
] as const;

const testResultSchema = z.object({ name: z.string(), passed: z.boolean(), message: z.string().nullable(), output: z.string().nullable().optional() });

const harnessResultSchema = z.object({
  status: z.enum(harnessStatuses),
  message: z.string().optional(),
  line: z.number().int().positive().nullable().optional(),
  stacktrace: z.string().optional(),
  truncated: z.boolean().optional(),
  tests: z.array(testResultSchema).optional(),
});

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const id = z.number().int().nonnegative().max(2 ** 31);

/** Frames one container of a judged run writes for the other: learner to judge, judge to learner. */
const relaySchemas = {
  iface: z.object({ t: z.literal("iface"), d: base64 }).strict(),
  reply: z.object({ t: z.literal("reply"), id, d: base64 }).strict(),
  cb: z.object({ t: z.literal("cb"), id, f: id, d: base64 }).strict(),
  msg: z.object({ t: z.literal("msg"), to: id, d: base64 }).strict(),
  call: z.object({ t: z.literal("call"), id, c: id, d: base64 }).strict(),
  reset: z.object({ t: z.literal("reset") }).strict(),
  cbret: z.object({ t: z.literal("cbret"), id, d: base64 }).strict(),
};

export type RelayType = keyof typeof relaySchemas;
/** What the learner's container may send the judge, and what the judge may send it. */
export const RELAY_TYPES = {
  fromLearner: new Set<RelayType>(["iface", "reply", "cb", "msg"]),
  fromJudge: new Set<RelayType>(["call", "reset", "cbret"]),
} as const;

const frameSchema = z.discriminatedUnion("t", [
  z.object({ t: z.literal("ready") }),
  z.object({ t: z.literal("out"), d: base64 }),
  z.object({ t: z.literal("err"), d: base64 }),
  z.object({ t: z.literal("result"), r: base64, mac: z.string().regex(/^[0-9a-f]{64}$/) }),
  ...Object.values(relaySchemas),
]);

export type HarnessResult = z.infer<typeof harnessResultSchema>;

export type Frame =
  | { t: "ready" }
  | { t: "out" | "err" | "raw"; data: Buffer }
  | { t: "result"; payload: string; mac: string; line: Buffer }
  | { t: "relay"; type: RelayType; line: string; raw: Buffer };

const MAX_FRAME_BYTES = 1024 * 1024;

function parseFrameLine(line: Buffer): Frame | null {
  if (line.length === 0) return null;
  const raw: Frame = { t: "raw", data: Buffer.concat([line, Buffer.from("\n")]) };
  let json: unknown;
  try {
    json = JSON.parse(line.toString("utf8"));
  } catch {
    return raw;
  }
  const parsed = frameSchema.safeParse(json);
  if (!parsed.success) return raw;
  const frame = parsed.data;
  switch (frame.t) {
    case "ready":
      return { t: "ready" };
    case "out":
    case "err":
      return { t: frame.t, data: Buffer.from(frame.d, "base64") };
    case "result":
      return { t: "result", payload: frame.r, mac: frame.mac, line };
    default:
      // Sent on as the checked object, not the bytes that came in.
      return { t: "relay", type: frame.t, line: `${JSON.stringify(frame)}\n`, raw: raw.data };
  }
}

/** A fresh secret for one run: 32 random bytes, sent to the harness as 64 hex digits. */
export function macOf(key: Buffer, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("hex");
}

/** The harness result a result frame carries, or null when it is not signed with this run's key. */
export function verifyResult(frame: { payload: string; mac: string }, key: Buffer): HarnessResult | null {
  const expected = Buffer.from(macOf(key, frame.payload), "hex");
  const given = Buffer.from(frame.mac, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(frame.payload, "base64").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = harnessResultSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Splits a byte stream into frames; chunks may cut lines (and UTF-8 sequences) anywhere. */
export class FrameParser {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, newline));
      const frame = parseFrameLine(this.take());
      if (frame) frames.push(frame);
      start = newline + 1;
    }
    this.append(chunk.subarray(start));
    if (this.pendingBytes > this.maxFrameBytes) frames.push({ t: "raw", data: this.take() });
    return frames;
  }

  /** Whatever followed the last newline, once the stream has ended. */
  end(): Frame[] {
    if (this.pendingBytes === 0) return [];
    return [{ t: "raw", data: this.take() }];
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  private take(): Buffer {
    const line = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return line;
  }
}
