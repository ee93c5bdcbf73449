import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub, LocalBus, type NewEvent, type StoredEvent, appendEvents } from '../../src/modules/events/index.ts';
import type { Db } from '../../src/server/db/client.ts';
import { createTestDatabase } from '../support/test-database.ts';

const silent = { warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const event = (n: number): NewEvent => ({ type: 'thread.updated', actorId: null, facts: [], payload: { data: { n } } });

let db: Db;
let hub: EventHub;
const batches: { at: number; ids: number[] }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  hub = new EventHub(db, new LocalBus(), silent as never, 0, 60);
  await hub.start();
  hub.subscribeBatch((events: readonly StoredEvent[]) => {
    batches.push({ at: performance.now(), ids: events.map((e) => e.id) });
  });
});
afterAll(async () => {
  await hub.stop();
  await db.close();
});

async function append(count: number): Promise<number> {
  const last = await db.transaction((tx) =>
    appendEvents(
      tx,
      Array.from({ length: count }, (_, i) => event(i)),
      new Date(),
    ),
  );
  hub.announce(last);
  return last;
}

describe('event hub', () => {
  it('appends several events in one statement with dense ids, in order', async () => {
    const last = await append(3);
    const rows = await db.query<{ id: number; payload: { data: { n: number } } }>('SELECT id, payload FROM events ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.payload.data.n)).toEqual([0, 1, 2]);
    expect(last).toBe(3);
    await hub.caughtUp(3);
  });

  it("hands an idle node's first event on at once, and what arrives while it is busy together", async () => {
    await sleep(100); // idle for longer than the batching window
    batches.length = 0;
    const sent = performance.now();
    const first = await append(1);
    await hub.caughtUp(first);
    expect(batches[0]!.at - sent).toBeLessThan(50);
    // Five events in quick succession, within the window after that dispatch: they go on together, after it.
    for (let i = 0; i < 5; i++) await append(1);
    await hub.caughtUp(first + 5);
    const later = batches.slice(1);
    expect(later.flatMap((b) => b.ids)).toEqual([first + 1, first + 2, first + 3, first + 4, first + 5]);
    expect(later.length).toBeLessThan(5);
    // The window (60 ms here) counts from the first dispatch's start, which came after `sent` (a timer may fire 1 ms early).
    expect(later[0]!.at - sent).toBeGreaterThanOrEqual(59);
  });

  it('gives one-at-a-time listeners every event once, in order', async () => {
    const seen: number[] = [];
    const off = hub.subscribe((e) => {
      seen.push(e.id);
    });
    const from = (await db.query<{ id: number }>('SELECT max(id) AS id FROM events'))[0]!.id;
    await append(4);
    await append(2);
    await hub.caughtUp(from + 6);
    off();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].map((i) => from + i));
  });
});
