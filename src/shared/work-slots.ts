/** At most `size` pieces of work run at once; the others wait, in the order they came, for a slot. */
export class WorkSlots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a positive number of slots, not ${size}`);
    this.#free = size;
  }

  /** How many pieces of work wait for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or back to the pool.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
