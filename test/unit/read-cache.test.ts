import { describe, expect, it, vi } from 'vitest';
import { ChangeTracker, cachedTablesWritten, isPlainRead } from '../../src/server/db/change-tracker.ts';
import { ReadCache } from '../../src/server/db/read-cache.ts';

const cacheOf = (changes: ChangeTracker, maxEntries = 10, maxBytes = 1000) =>
  new ReadCache<string>(changes, { maxEntries, maxBytes, sizeOf: (v) => v.length, dependsOn: ['people', 'notices'] });

describe('ReadCache', () => {
  it('serves an entry until the generation moves or its deadline passes', () => {
    const changes = new ChangeTracker({ needsListener: false });
    const cache = cacheOf(changes);
    cache.set(cache.ticket(), 'k', 'value', 1000);
    expect(cache.get('k', 999)).toBe('value');
    expect(cache.get('k', 1000)).toBeUndefined(); // deadline reached
    cache.set(cache.ticket(), 'k', 'value', 1000);
    changes.changed(['sessions', 'posts']); // tables it does not depend on
    expect(cache.get('k', 0)).toBe('value');
    changes.changed(['notices']);
    expect(cache.get('k', 0)).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set(cache.ticket(), 'k', 'value', 1000);
    changes.changedEverything();
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('drops a value read while something changed (the ticket is taken before the read)', () => {
    const changes = new ChangeTracker({ needsListener: false });
    const cache = cacheOf(changes);
    const ticket = cache.ticket();
    changes.changed(['people']); // a write committed while the read ran
    cache.set(ticket, 'k', 'maybe stale', 1000);
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('caches nothing while changes made elsewhere could go unseen', () => {
    const changes = new ChangeTracker({ needsListener: true });
    const cache = cacheOf(changes);
    expect(changes.current(['people'])).toBeNull();
    cache.set(cache.ticket(), 'k', 'v', 1000);
    expect(cache.get('k', 0)).toBeUndefined();
    changes.setListening(true);
    cache.set(cache.ticket(), 'k', 'v', 1000);
    expect(cache.get('k', 0)).toBe('v');
    changes.setListening(false); // the listener's connection was lost
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('stops vouching after a silence of the listener, and drops what was cached before it', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const changes = new ChangeTracker({ needsListener: true });
      const cache = cacheOf(changes);
      changes.setListening(true);
      cache.set(cache.ticket(), 'k', 'v', 1000);
      vi.advanceTimersByTime(2500);
      changes.heard(); // a heartbeat
      vi.advanceTimersByTime(2500);
      expect(cache.get('k', 0)).toBe('v');
      vi.advanceTimersByTime(1000); // 3.5 s without a word
      expect(changes.current(['people'])).toBeNull();
      changes.heard();
      expect(changes.current(['people'])).not.toBeNull();
      expect(cache.get('k', 0)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('evicts the least recently used entries beyond its entry and byte limits', () => {
    const changes = new ChangeTracker({ needsListener: false });
    const cache = cacheOf(changes, 3, 100);
    for (const k of ['a', 'b', 'c']) cache.set(cache.ticket(), k, k, 1000);
    expect(cache.get('a', 0)).toBe('a'); // a is now the most recent
    cache.set(cache.ticket(), 'd', 'd', 1000);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe('a');
    cache.set(cache.ticket(), 'big', 'x'.repeat(24), 1000);
    cache.set(cache.ticket(), 'big2', 'y'.repeat(24), 1000);
    cache.set(cache.ticket(), 'big3', 'z'.repeat(24), 1000);
    cache.set(cache.ticket(), 'big4', 'w'.repeat(24), 1000);
    expect(cache.size).toBeLessThanOrEqual(3);
    cache.set(cache.ticket(), 'huge', 'h'.repeat(60), 1000); // over a quarter of the bytes: never kept
    expect(cache.get('huge', 0)).toBeUndefined();
  });
});

describe('ReadCache.load', () => {
  it('lets concurrent callers share one read, unless something changed since it began', async () => {
    const changes = new ChangeTracker({ needsListener: false });
    const cache = cacheOf(changes);
    let reads = 0;
    let release: () => void = () => undefined;
    const make = () => {
      reads++;
      const n = reads;
      return new Promise<{ value: string; validUntil: number }>((resolve) => {
        release = () => resolve({ value: `read ${n}`, validUntil: 1000 });
      });
    };
    const first = cache.load('k', 0, make);
    const second = cache.load('k', 0, make);
    await Promise.resolve();
    release();
    expect(await Promise.all([first, second])).toEqual(['read 1', 'read 1']);
    expect(reads).toBe(1);
    expect(await cache.load('k', 0, make)).toBe('read 1'); // stored

    changes.changed(['people']);
    const before = cache.load('k', 0, make);
    await Promise.resolve();
    const releaseBefore = release;
    changes.changed(['notices']); // a write while the read runs: later callers must not take its answer
    const after = cache.load('k', 0, make);
    await Promise.resolve();
    release();
    releaseBefore();
    expect(await before).toBe('read 2');
    expect(await after).toBe('read 3');
    expect(reads).toBe(3);
  });

  it('hands a value that must not be kept to the callers that waited for it, and stores nothing', async () => {
    const changes = new ChangeTracker({ needsListener: false });
    const cache = cacheOf(changes);
    let reads = 0;
    const make = async () => {
      reads++;
      await Promise.resolve();
      return { value: `read ${reads}`, validUntil: null };
    };
    expect(await Promise.all([cache.load('k', 0, make), cache.load('k', 0, make)])).toEqual(['read 1', 'read 1']);
    expect(cache.size).toBe(0);
    expect(await cache.load('k', 0, make)).toBe('read 2');
  });

  it('gives every waiting caller the error of a failed read, and tries again next time', async () => {
    const changes = new ChangeTracker({ needsListener: false });
    const cache = cacheOf(changes);
    const failing = () => Promise.reject(new Error('database gone'));
    await expect(Promise.all([cache.load('k', 0, failing), cache.load('k', 0, failing)])).rejects.toThrow('database gone');
    expect(await cache.load('k', 0, async () => ({ value: 'ok', validUntil: 1000 }))).toBe('ok');
  });
});

describe('which statements count as changes', () => {
  it('counts the cached tables named by any statement but a plain SELECT', () => {
    expect(isPlainRead('SELECT * FROM people')).toBe(true);
    expect(isPlainRead('  /* plan per call */ SELECT 1')).toBe(true);
    expect(isPlainRead('WITH x AS (UPDATE people SET name = 1 RETURNING id) SELECT * FROM x')).toBe(false);
    expect(isPlainRead('WITH x AS (SELECT id FROM people) SELECT * FROM x')).toBe(true);
    expect(isPlainRead('/* a */ /* b */ SELECT 1')).toBe(true);
    // A comment ends at its first */: what follows is the statement, here a write.
    expect(isPlainRead('/* plan per call */ WITH d AS (DELETE FROM sessions RETURNING id) /* n */ SELECT count(*) FROM d')).toBe(false);
    expect(cachedTablesWritten('/* x */ WITH d AS (DELETE FROM sessions RETURNING id) /* n */ SELECT count(*) FROM d')).toEqual([
      'sessions',
    ]);
    expect(cachedTablesWritten('UPDATE sessions SET last_seen_at = $1')).toEqual(['sessions']);
    expect(cachedTablesWritten('delete from Sharing_Group_Members where org_id = $1')).toEqual(['sharing_group_members']);
    expect(cachedTablesWritten('WITH due AS (SELECT id FROM people) UPDATE people p SET x = 1 FROM organisations o')).toEqual([
      'people',
      'organisations',
    ]);
    expect(cachedTablesWritten('SELECT * FROM notices FOR UPDATE')).toEqual([]);
    expect(cachedTablesWritten('INSERT INTO posts (body) VALUES ($1)')).toEqual([]);
    expect(cachedTablesWritten('INSERT INTO notices_archive (x) VALUES (1)')).toEqual([]);
  });
});
