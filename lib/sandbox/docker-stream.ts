// Splits Docker's multiplexed attach stream (non-TTY) into stdout and stderr bytes: each block
// is an 8-byte header (stream type, 3 zero bytes, big-endian length) followed by the payload.

export type StreamChunk = { stream: "stdout" | "stderr"; data: Buffer };

const HEADER_BYTES = 8;

export class DockerStreamDemuxer {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): StreamChunk[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const chunks: StreamChunk[] = [];
    while (this.buffer.length >= HEADER_BYTES) {
      const length = this.buffer.readUInt32BE(4);
      if (this.buffer.length < HEADER_BYTES + length) break;
      const data = this.buffer.subarray(HEADER_BYTES, HEADER_BYTES + length);
      chunks.push({ stream: this.buffer[0] === 2 ? "stderr" : "stdout", data });
      this.buffer = this.buffer.subarray(HEADER_BYTES + length);
    }
    return chunks;
  }
}
