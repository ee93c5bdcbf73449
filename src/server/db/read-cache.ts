import type { CachedTable, ChangeTracker } from './change-tracker.ts';

export { CACHED_READ_TABLES, type CachedTable } from './change-tracker.ts';

/** How much a cache holds, and the tables its reads depend on (a change to any of them makes every entry stale). */
export interface CacheLimits<V> {
  maxEntries: number;
  /** A byte budget, for caches of values of very different sizes (with `sizeOf`); none by default. */
  maxBytes?: number;
  sizeOf?: (value: V) => number;
  dependsOn: readonly CachedTable[];
}

/** What a cached read made: its value, and until when (ms) it may be kept; null: not at all. */
export interface Made<V> {
  value: V;
  validUntil: number | null;
}

/** Where a cached read starts: the generation before its queries ran (null: the cache may not be used now). */
export interface CacheTicket {
  readonly generation: number | null;
}

interface Entry<V> {
  value: V;
  generation: number;
  validUntil: number;
  bytes: number;
}

/**
 * Results of reads kept while nothing they depend on has changed: an entry is served only when the generation of
 * the tables it depends on is still the one read *before* the entry's queries ran, and only until its own deadline (a time-bound
 * answer, like a session's idle timeout or an embargo's end, expires by the clock, not by a write).
 * Least recently used entries go first once `maxEntries` or `maxBytes` is reached.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;
  /** Answers served from the cache, and lookups that found nothing usable (for /metrics). */
  hits = 0;
  misses = 0;
  private readonly inflight = new Map<string, { generation: number; promise: Promise<Made<V>> }>();

  constructor(
    private readonly changes: ChangeTracker,
    private readonly limits: CacheLimits<V>,
  ) {}

  /** Call before the queries whose result will be stored. */
  ticket(): CacheTicket {
    return { generation: this.changes.current(this.limits.dependsOn) };
  }

  /** The value stored under key, when nothing has changed since and it is still valid at `nowMs`. */
  get(key: string, nowMs: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    if (entry.generation !== this.changes.current(this.limits.dependsOn) || nowMs >= entry.validUntil) {
      this.remove(key, entry);
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last, so the first key is the one to evict.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores a value read after `ticket` was taken; dropped when something changed meanwhile. */
  set(ticket: CacheTicket, key: string, value: V, validUntilMs: number): void {
    const generation = ticket.generation;
    if (generation === null || generation !== this.changes.current(this.limits.dependsOn)) return;
    const maxBytes = this.limits.maxBytes ?? Number.POSITIVE_INFINITY;
    const bytes = this.limits.sizeOf?.(value) ?? 0;
    if (bytes > maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, { value, generation, validUntil: validUntilMs, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= maxBytes) break;
      this.remove(k, e);
    }
  }

  /**
   * The value under key, made by `make` when there is none: concurrent callers for the same key share one `make` (so a
   * change does not send every waiting request to the database at once), as long as nothing changed since it began.
   * `make` says until when its value may be kept, or null when it must not be (it wrote, or found nothing); callers
   * that waited for it still take that value, which is as fresh as their own read would have been.
   */
  async load(key: string, nowMs: number, make: () => Promise<Made<V>>): Promise<V> {
    const hit = this.get(key, nowMs);
    if (hit !== undefined) return hit;
    const ticket = this.ticket();
    const pending = this.inflight.get(key);
    if (pending && ticket.generation !== null && pending.generation === ticket.generation) {
      const made = await pending.promise;
      if (made.validUntil === null || nowMs < made.validUntil) return made.value;
    }
    const promise = make().then((made) => {
      if (made.validUntil !== null && made.validUntil > nowMs) this.set(ticket, key, made.value, made.validUntil);
      return made;
    });
    if (ticket.generation !== null) {
      const flight = { generation: ticket.generation, promise };
      this.inflight.set(key, flight);
      const done = () => {
        if (this.inflight.get(key) === flight) this.inflight.delete(key);
      };
      promise.then(done, done);
    }
    return (await promise).value;
  }

  /** The tables its reads depend on. */
  get dependsOn(): readonly CachedTable[] {
    return this.limits.dependsOn;
  }

  /** How many entries are held (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

const caches = new WeakMap<ChangeTracker, Map<string, ReadCache<never>>>();

/** The named cache of one database (one per process and database, created on first use). */
export function readCache<V>(changes: ChangeTracker, name: string, limits: CacheLimits<V>): ReadCache<V> {
  let named = caches.get(changes);
  if (!named) caches.set(changes, (named = new Map()));
  let cache = named.get(name) as ReadCache<V> | undefined;
  if (!cache) {
    cache = new ReadCache<V>(changes, limits);
    named.set(name, cache as unknown as ReadCache<never>);
  }
  return cache;
}

/** Entries, hits and misses of each cache of a database, for /metrics. */
export function readCacheStats(
  changes: ChangeTracker,
): { name: string; entries: number; hits: number; misses: number; dependsOn: readonly CachedTable[] }[] {
  return [...(caches.get(changes) ?? new Map<string, ReadCache<never>>())].map(([name, c]) => ({
    name,
    entries: c.size,
    hits: c.hits,
    misses: c.misses,
    dependsOn: c.dependsOn,
  }));
}
