/**
 * An unbounded hand-off between a producer that works in slices and a consumer that reads with `for await`: the
 * consumer takes everything pushed since it last looked, as one array, and waits for more until the producer ends (or
 * fails, which the consumer then throws).
 * Used to stream rows to a COPY while they are still being computed.
 */
export class Handoff<T> implements AsyncIterable<T[]> {
  #items: T[] = [];
  #ended = false;
  #failure: { error: unknown } | null = null;
  #wake: (() => void) | null = null;

  /** Adds items for the consumer. */
  push(items: readonly T[]): void {
    if (this.#ended) throw new Error('push after end');
    for (const item of items) this.#items.push(item);
    this.#signal();
  }

  /** No more items: the consumer finishes once it has read what is there. */
  end(): void {
    this.#ended = true;
    this.#signal();
  }

  /** The producer failed: the consumer throws `error` instead of reading further. */
  fail(error: unknown): void {
    this.#failure = { error };
    this.#ended = true;
    this.#signal();
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T[]> {
    for (;;) {
      if (this.#failure) throw this.#failure.error;
      if (this.#items.length > 0) {
        const batch = this.#items;
        this.#items = [];
        yield batch;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}
