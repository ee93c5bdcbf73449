/**
 * The tables cached reads may depend on. Each has the change trigger of migration 0015, so a change another node
 * commits reaches this node's ChangeTracker; test/integration/read-cache.test.ts checks the triggers exist, and that
 * no foreign key lets a change to another table cascade into one of these.
 */
export const CACHED_READ_TABLES = [
  'sessions',
  'api_tokens',
  'people',
  'organisations',
  'sharing_groups',
  'sharing_group_members',
  'notices',
] as const;
export type CachedTable = (typeof CACHED_READ_TABLES)[number];

const tableNames = new RegExp(`\\b(${CACHED_READ_TABLES.join('|')})\\b`, 'gi');

/**
 * Tells cached reads whether the tables they were made from may have changed.
 *
 * Each table of CACHED_READ_TABLES has a generation. It moves on every write this process makes to the table: the
 * database wrappers call `changed()` after each statement that may write it, and after each transaction that ran one,
 * committed or not. On PostgreSQL it also moves on every change another process commits to the table: a statement
 * trigger (migration 0015) sends NOTIFY isao_changes with the table's name, which the node LISTENs to. While that
 * listener is not connected, changes made elsewhere could go unseen, so `current()` answers null and nothing may be
 * served from a cache. A connection can also die silently (a NAT or proxy dropping it): the listener therefore sends
 * itself a heartbeat notification every second, and when nothing has been heard for HEARD_WITHIN_MS the tracker
 * answers null too, and drops everything cached before the silence once it hears again.
 * PGlite is single-process (a lock file guarantees it): its own writes are every change there is.
 */
export class ChangeTracker {
  private readonly generations = new Map<string, number>(CACHED_READ_TABLES.map((t) => [t, 0]));
  /** Moves when every cached read is stale at once (listener lost or found, cache turned off or on, DDL). */
  private epoch = 0;
  private enabled = true;
  private readonly needsListener: boolean;
  private listening = false;
  /** When the listener last heard anything (performance.now()). */
  private heardAt = Number.NEGATIVE_INFINITY;

  constructor(options: { needsListener: boolean }) {
    this.needsListener = options.needsListener;
  }

  /**
   * The generation of the given tables together (it moves whenever any of them changes), or null while a change could
   * go unseen (then no cached read may be used or made).
   */
  current(tables: readonly CachedTable[]): number | null {
    if (!this.enabled) return null;
    if (this.needsListener && (!this.listening || performance.now() - this.heardAt > HEARD_WITHIN_MS)) return null;
    let sum = this.epoch;
    for (const t of tables) sum += this.generations.get(t)!;
    return sum;
  }

  /** These tables were written (or may have been). Names of other tables are ignored. */
  changed(tables: Iterable<string>): void {
    for (const t of tables) {
      const g = this.generations.get(t);
      if (g !== undefined) this.generations.set(t, g + 1);
    }
  }

  /** Anything may have changed (`Db.exec`: several statements, not parsed). */
  changedEverything(): void {
    this.epoch++;
  }

  /** Turns cached reads off (ISAO_READ_CACHE=0, or a benchmark measuring without them) and on again. */
  setEnabled(enabled: boolean): void {
    this.epoch++;
    this.enabled = enabled;
  }

  /** The PostgreSQL listener connected (true) or was lost (false). Either way, what was cached before is stale. */
  setListening(listening: boolean): void {
    this.epoch++;
    this.listening = listening;
    if (listening) this.heardAt = performance.now();
  }

  /** The listener heard a notification (a change or its own heartbeat): the connection is alive. */
  heard(): void {
    const now = performance.now();
    // After a silence, notifications may have been missed: nothing cached before it is trusted.
    if (now - this.heardAt > HEARD_WITHIN_MS) this.epoch++;
    this.heardAt = now;
  }
}

/** How often the listener sends itself a heartbeat, and how long a silence makes every cached read unusable. */
export const HEARTBEAT_MS = 1000;
export const HEARD_WITHIN_MS = 3000;

/** The channel the change trigger notifies (migration 0015). */
export const CHANGES_CHANNEL = 'isao_changes';

/**
 * Statements that only read: a SELECT, or a WITH … SELECT without a data-modifying word anywhere (a FOR UPDATE, or such
 * a word in a literal, makes it count as a write: the safe side). Leading comments are skipped, one at a time.
 */
export function isPlainRead(sql: string): boolean {
  const body = sql.replace(/^(\s*\/\*(?:[^*]|\*(?!\/))*\*\/)*\s*/, '');
  if (/^SELECT\b/i.test(body)) return true;
  return /^WITH\b/i.test(body) && !/\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b/i.test(body);
}

/**
 * The cached tables a statement may change: those it names, unless it is a plain SELECT. (A write reaches a table only
 * by naming it: no trigger writes to these tables, and the only cascades into them come from tables of the list.)
 */
export function cachedTablesWritten(sql: string): string[] {
  if (isPlainRead(sql)) return [];
  const names = sql.match(tableNames);
  return names ? [...new Set(names.map((n) => n.toLowerCase()))] : [];
}
