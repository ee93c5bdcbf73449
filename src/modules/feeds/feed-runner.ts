/**
 * Running feeds: a feed that is due is claimed in the database (so two nodes never fetch the same feed at once; a
 * claim older than the lease belongs to a node that died), fetched, imported, and rescheduled. A failure is recorded
 * on the feed and retried sooner than the interval, backing off; it never stops the other feeds.
 */
import { readFile } from 'node:fs/promises';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { importAdvisory } from '../advisories/index.ts';
import { loadActor } from '../members/actor-loader.ts';
import { importVulnData } from '../portfolio/index.ts';
import { FeedFetchError, fetchFeed } from './feed-fetch.ts';

/** A claim older than this is taken over. */
export const LEASE_MINUTES = 60;
/** The largest feed file (an OSV ecosystem all.zip is a few hundred MB). */
export const MAX_FEED_BYTES = 1024 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 15 * 60 * 1000;

export interface FeedRow {
  id: string;
  name: string;
  kind: 'vulndb' | 'csaf';
  url: string;
  interval_minutes: number;
  enabled: boolean;
  next_run_at: Date;
  running_since: Date | null;
  last_run_at: Date | null;
  last_status: 'imported' | 'not_modified' | 'failed' | null;
  last_message: string;
  last_bytes: string | null;
  consecutive_failures: number;
  etag: string | null;
  last_modified: string | null;
  created_by: string | null;
  created_at: Date;
}

export interface FeedRunResult {
  feedId: string;
  status: 'imported' | 'not_modified' | 'failed';
  message: string;
}

/** Claims one feed: the given one (run now), or the most overdue enabled one. Null when none is due or it is taken. */
export async function claimFeed(db: Queryable, now: Date, feedId?: string): Promise<FeedRow | null> {
  const lease = new Date(now.getTime() - LEASE_MINUTES * 60_000);
  const rows = await db.query<FeedRow>(
    `UPDATE feed_sources SET running_since = $1
      WHERE id = (SELECT id FROM feed_sources
                   WHERE (running_since IS NULL OR running_since < $2)
                     AND ${feedId ? 'id = $3' : 'enabled AND next_run_at <= $1'}
                   ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    feedId ? [now, lease, feedId] : [now, lease],
  );
  return rows[0] ?? null;
}

async function importFile(ctx: AppContext, feed: FeedRow, file: string, onProgress?: (line: string) => void): Promise<string> {
  if (feed.kind === 'vulndb') {
    const r = await importVulnData(ctx, [file], onProgress, { source: `feed: ${feed.name}` });
    const problems = r.problems.length > 0 ? `; ${r.problems.length} record(s) skipped (first: ${r.problems[0]!.message})` : '';
    return (
      `${r.stored.added} new records, ${r.stored.replaced} updated, ${r.withdrawn} withdrawn; KEV ${r.kevEntries}, EPSS ${r.epssScores}; ` +
      `findings +${r.findingsOpened}/−${r.findingsClosed}${problems}`
    );
  }
  const actor = feed.created_by ? await loadActor(ctx.db, feed.created_by) : null;
  if (!actor) throw new FeedFetchError('the person who set up this feed is no longer active: set it up again');
  const r = await importAdvisory(ctx, actor, await readFile(file), { ip: null, via: 'cli' });
  return `${r.trackingId} version ${r.version}: ${r.outcome}; ${r.possibleMatches} new possible product matches`;
}

/** Fetches and imports a claimed feed, then records the outcome and the next run. */
export async function runClaimedFeed(ctx: AppContext, feed: FeedRow, onProgress?: (line: string) => void): Promise<FeedRunResult> {
  let status: FeedRunResult['status'];
  let message: string;
  let bytes: number | null = null;
  let validators = { etag: feed.etag, lastModified: feed.last_modified };
  try {
    const fetched = await fetchFeed(feed.url, {
      etag: feed.etag,
      lastModified: feed.last_modified,
      maxBytes: MAX_FEED_BYTES,
      timeoutMs: FETCH_TIMEOUT_MS,
    });
    if (fetched.status === 'not_modified') {
      status = 'not_modified';
      message = 'not changed since the last fetch';
    } else {
      try {
        bytes = fetched.bytes;
        message = await importFile(ctx, feed, fetched.file, onProgress);
        status = 'imported';
        validators = { etag: fetched.etag, lastModified: fetched.lastModified };
      } finally {
        await fetched.cleanup();
      }
    }
  } catch (e) {
    if (!(e instanceof FeedFetchError || e instanceof AppError || (e instanceof Error && e.name === 'VulnDataError'))) {
      ctx.log.error({ err: e, feed: feed.id }, 'feed run failed');
    }
    status = 'failed';
    message = e instanceof Error ? e.message : String(e);
  }
  const now = ctx.clock.now();
  const failures = status === 'failed' ? feed.consecutive_failures + 1 : 0;
  // After a failure: retry in 15 minutes, doubling each time, never later than the regular interval.
  const waitMinutes = status === 'failed' ? Math.min(feed.interval_minutes, 15 * 2 ** Math.min(failures - 1, 10)) : feed.interval_minutes;
  await ctx.db.query(
    `UPDATE feed_sources SET running_since = NULL, last_run_at = $2, last_status = $3, last_message = $4, last_bytes = COALESCE($5, last_bytes),
       consecutive_failures = $6, etag = $7, last_modified = $8, next_run_at = $9 WHERE id = $1`,
    [
      feed.id,
      now,
      status,
      message.slice(0, 2000),
      bytes,
      failures,
      validators.etag,
      validators.lastModified,
      new Date(now.getTime() + waitMinutes * 60_000),
    ],
  );
  return { feedId: feed.id, status, message };
}

/** Runs every feed that is due, one after the other; returns what each run did. */
export async function runDueFeeds(ctx: AppContext, onProgress?: (line: string) => void): Promise<FeedRunResult[]> {
  const results: FeedRunResult[] = [];
  for (;;) {
    const feed = await claimFeed(ctx.db, ctx.clock.now());
    if (!feed) return results;
    onProgress?.(`fetching ${feed.name} (${feed.url})…`);
    results.push(await runClaimedFeed(ctx, feed, onProgress));
  }
}

/**
 * Checks for due feeds every `seconds` (never two checks at once). stop() waits up to 10 s for a run in progress; a
 * run cut short keeps its claim, which another node (or this one after a restart) takes over when the lease ends.
 */
export function startFeedScheduler(ctx: AppContext, seconds: number): { stop(): Promise<void>; wake(): void } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runDueFeeds(ctx)
      .catch((err: unknown) => ctx.log.error({ err }, 'feed scheduler'))
      .finally(() => (running = null));
  };
  const timer = seconds > 0 ? setInterval(tick, seconds * 1000) : null;
  timer?.unref();
  return {
    wake: tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    },
  };
}
