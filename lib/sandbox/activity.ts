// Keeps the event loop alive while sandbox work is in flight, and only then. Docker sockets are
// unref'd (docker-client.ts), so without this a script awaiting a run could exit mid-request.

export class Activity {
  private count = 0;
  private handle: NodeJS.Timeout | null = null;

  async during<T>(work: () => Promise<T>): Promise<T> {
    this.count += 1;
    this.handle ??= setInterval(() => undefined, 1 << 30);
    try {
      return await work();
    } finally {
      this.count -= 1;
      if (this.count === 0 && this.handle) {
        clearInterval(this.handle);
        this.handle = null;
      }
    }
  }
}
