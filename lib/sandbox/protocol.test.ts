import { describe, expect, it } from "vitest";
import { DockerStreamDemuxer } from "./docker-stream";
import { type Frame, FrameParser, macOf, RELAY_TYPES, verifyResult } from "./protocol";

const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString("base64");
const line = (frame: object) => `${JSON.stringify(frame)}\n`;
const KEY = Buffer.alloc(32, 7);
const signed = (result: object, key = KEY) => {
  const r = b64(JSON.stringify(result));
  return { t: "result", r, mac: macOf(key, r) };
};
const verified = (frames: Frame[]) => frames.map((frame) => (frame.t === "result" ? { t: "result", result: verifyResult(frame, KEY) } : frame));

function parseAll(chunks: (string | Buffer)[]): Frame[] {
  const parser = new FrameParser();
  return [...chunks.flatMap((chunk) => parser.push(Buffer.from(chunk))), ...parser.end()];
}

describe("FrameParser", () => {
  it("parses ready, output and result frames", () => {
    const frames = parseAll([
      line({ t: "ready" }),
      line({ t: "out", d: b64("hi\n") }),
      line({ t: "err", d: b64("oops") }),
      line(signed({ status: "runtime_error", message: "** (RuntimeError) boom", line: 3, stacktrace: "    main.exs:3: (file)\n" })),
    ]);
    expect(verified(frames)).toEqual([
      { t: "ready" },
      { t: "out", data: Buffer.from("hi\n") },
      { t: "err", data: Buffer.from("oops") },
      { t: "result", result: { status: "runtime_error", message: "** (RuntimeError) boom", line: 3, stacktrace: "    main.exs:3: (file)\n" } },
    ]);
  });

  it("reassembles frames split across chunks at every possible byte", () => {
    const text = line({ t: "out", d: b64("héllo") }) + line(signed({ status: "ok" }));
    for (let cut = 0; cut <= text.length; cut++) {
      const bytes = Buffer.from(text);
      const frames = parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(verified(frames)).toEqual([{ t: "out", data: Buffer.from("héllo") }, { t: "result", result: { status: "ok" } }]);
    }
  });

  it("handles many frames in one chunk and one frame over many chunks", () => {
    const text = Array.from({ length: 50 }, (_, i) => line({ t: "out", d: b64(`${i}\n`) })).join("");
    const oneByteAtATime = parseAll([...Buffer.from(text)].map((byte) => Buffer.from([byte])));
    expect(oneByteAtATime).toEqual(parseAll([text]));
    expect(oneByteAtATime).toHaveLength(50);
  });

  it("keeps invalid UTF-8 payloads byte for byte", () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x41, 0xc3]);
    const [frame] = parseAll([line({ t: "out", d: b64(bytes) })]);
    expect(frame).toEqual({ t: "out", data: bytes });
    expect(frame?.t === "out" && frame.data.toString("utf8")).toBe("\uFFFD\uFFFDA\uFFFD");
  });

  it("turns malformed lines into raw output instead of trusting them", () => {
    const frames = parseAll([
      "not json\n",
      line({ t: "out", d: "***not base64***" }),
      line({ t: "result", status: "pwned" }),
      line({ t: "result", r: "eyJ9", mac: "xyz" }),
      line({ t: "mystery" }),
      "[1,2]\n",
      Buffer.from([0xff, 0x7b, 0x0a]),
      "no newline at the end",
    ]);
    expect(frames.every((frame) => frame.t === "raw")).toBe(true);
    expect(frames).toHaveLength(8);
    expect(frames[0]).toEqual({ t: "raw", data: Buffer.from("not json\n") });
    expect(frames[7]).toEqual({ t: "raw", data: Buffer.from("no newline at the end") });
  });

  it("relays a reset that carries nothing, and nothing else shaped like one", () => {
    const frames = parseAll([line({ t: "reset" }), line({ t: "reset", id: 2 }), line({ t: "reset_done", id: 2 })]);
    expect(frames.map((frame) => (frame.t === "relay" ? `${frame.type}:${frame.line.trim()}` : frame.t))).toEqual(['reset:{"t":"reset"}', "raw", "raw"]);
    expect(RELAY_TYPES.fromJudge.has("reset")).toBe(true);
    expect(RELAY_TYPES.fromLearner.has("reset")).toBe(false);
  });

  it("flushes an overlong line as raw output instead of buffering forever", () => {
    const parser = new FrameParser(16);
    const frames = parser.push(Buffer.from("x".repeat(40)));
    expect(frames).toEqual([{ t: "raw", data: Buffer.from("x".repeat(40)) }]);
    expect(parser.end()).toEqual([]);
  });

  it("accepts a result with null line and the truncated flag", () => {
    expect(verified(parseAll([line(signed({ status: "output_limit", truncated: true })), line(signed({ status: "compile_error", message: "m", line: null }))]))).toEqual([
      { t: "result", result: { status: "output_limit", truncated: true } },
      { t: "result", result: { status: "compile_error", message: "m", line: null } },
    ]);
  });

  it("accepts only results signed with this run's key", () => {
    const tests = [{ name: "adds", passed: true, message: null }];
    expect(verified(parseAll([line(signed({ status: "ok", tests }))]))).toEqual([{ t: "result", result: { status: "ok", tests } }]);
    const forged = signed({ status: "ok" }, Buffer.alloc(32, 8));
    expect(verified(parseAll([line(forged)]))).toEqual([{ t: "result", result: null }]);
    const tampered = { ...signed({ status: "ok" }), r: b64(JSON.stringify({ status: "ok", tests })) };
    expect(verified(parseAll([line(tampered)]))).toEqual([{ t: "result", result: null }]);
    const unsignedBadShape = signed({ status: "pwned" });
    expect(verified(parseAll([line(unsignedBadShape)]))).toEqual([{ t: "result", result: null }]);
    expect(parseAll([line({ t: "result", status: "ok" })])[0]?.t).toBe("raw");
  });

  it("skips the empty line the harness writes before its result", () => {
    expect(parseAll(["\n", line({ t: "ready" })])).toEqual([{ t: "ready" }]);
  });
});

describe("DockerStreamDemuxer", () => {
  const block = (type: number, payload: string) => {
    const header = Buffer.alloc(8);
    header[0] = type;
    header.writeUInt32BE(Buffer.byteLength(payload), 4);
    return Buffer.concat([header, Buffer.from(payload)]);
  };

  it("splits stdout and stderr blocks, whole or cut anywhere", () => {
    const bytes = Buffer.concat([block(1, "out one"), block(2, "err"), block(1, ""), block(1, "out two")]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const demuxer = new DockerStreamDemuxer();
      const chunks = [...demuxer.push(bytes.subarray(0, cut)), ...demuxer.push(bytes.subarray(cut))];
      const joined = (stream: string) => Buffer.concat(chunks.filter((c) => c.stream === stream).map((c) => c.data)).toString();
      expect(joined("stdout")).toBe("out oneout two");
      expect(joined("stderr")).toBe("err");
    }
  });
});
