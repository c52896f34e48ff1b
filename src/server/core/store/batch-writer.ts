/**
 * @module Group commit: items submitted while a write is in progress are written together in the next one, so a
 * burst of small updates (10,000 agents reporting at once) costs a few transactions instead of 10,000 fsyncs.
 * A submitter's promise settles only once its item is committed.
 */
export class BatchWriter<T> {
  private queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxBatch = 2_000,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Let the rest of this turn's submissions join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.write(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.running = undefined;
  }

  /** Resolves when everything submitted so far is written. */
  async flushed(): Promise<void> {
    while (this.running) await this.running;
  }
}
