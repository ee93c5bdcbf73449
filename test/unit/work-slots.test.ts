import { describe, expect, it } from 'vitest';
import { WorkSlots } from '../../src/shared/work-slots.ts';

const tick = () => new Promise((r) => setImmediate(r));
function gate() {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, resolve: open };
}

describe('WorkSlots', () => {
  it('runs at most its size at once, the others in the order they came, and frees a slot when work fails', async () => {
    const slots = new WorkSlots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const all = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await g.promise;
        running--;
        if (i === 0) throw new Error('first failed');
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(slots.waiting).toBe(3);
    gates[0]!.resolve();
    await expect(all[0]).rejects.toThrow('first failed');
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates.slice(1)) g.resolve();
    expect(await Promise.all(all.slice(1))).toEqual([1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(slots.waiting).toBe(0);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new WorkSlots(0)).toThrow(RangeError);
    expect(() => new WorkSlots(1.5)).toThrow(RangeError);
  });
});
