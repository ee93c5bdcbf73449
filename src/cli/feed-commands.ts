import { claimFeed, createFeed, listFeeds, runClaimedFeed, runDueFeeds } from '../modules/feeds/index.ts';
import { AppError } from '../server/http/errors.ts';
import { CreateFeedBody } from '../shared/api/feeds.ts';
import { staffActor } from './advisory-commands.ts';
import type { DbCommand } from './command-env.ts';

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `isao feeds list` */
export const feedsList: DbCommand = {
  async run(ctx, io, args) {
    const { items } = await listFeeds(ctx, await staffActor(ctx, text(args.as)));
    if (items.length === 0) io.out('No feeds. Add one with: isao feeds add --name NAME --kind vulndb|csaf --url URL --every MINUTES');
    for (const f of items)
      io.out(
        `${f.id}  ${f.kind.padEnd(6)} every ${f.intervalMinutes} min${f.enabled ? '' : ' (disabled)'}  ${f.name}  ${f.url}\n` +
          `    last: ${f.lastRunAt ?? 'never'} ${f.lastStatus ?? ''} ${f.lastMessage}\n    next: ${f.nextRunAt}${f.running ? ' (running now)' : ''}`,
      );
    return 0;
  },
};

/** `isao feeds add --name N --kind K --url U --every MINUTES` */
export const feedsAdd: DbCommand = {
  async run(ctx, io, args) {
    const body = CreateFeedBody.safeParse({
      name: args.name,
      kind: args.kind,
      url: args.url,
      intervalMinutes: Number(args.every),
      enabled: true,
    });
    if (!body.success)
      throw new AppError('validation_failed', body.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
    const feed = await createFeed(ctx, await staffActor(ctx, text(args.as)), body.data, null);
    io.out(`Feed ${feed.id} added: ${feed.kind} ${feed.url} every ${feed.intervalMinutes} minutes; due now.`);
    return 0;
  },
};

/** `isao feeds run [ID]`: fetches the given feed, or every feed that is due, now and in this process; exit 1 when one failed. */
export const feedsRun: DbCommand = {
  async run(ctx, io, args) {
    await listFeeds(ctx, await staffActor(ctx, text(args.as)));
    const id = text(args.id);
    let results;
    if (id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('validation_failed', 'Give the feed id shown by `isao feeds list`.');
      const feed = await claimFeed(ctx.db, ctx.clock.now(), id);
      if (!feed) throw new AppError('conflict', 'No such feed, or it is being fetched right now.');
      io.err(`fetching ${feed.name} (${feed.url})…`);
      results = [await runClaimedFeed(ctx, feed, (line) => io.err(`  ${line}`))];
    } else {
      results = await runDueFeeds(ctx, (line) => io.err(`  ${line}`));
      if (results.length === 0) io.out('No feed is due.');
    }
    for (const r of results) io.out(`${r.feedId}: ${r.status}: ${r.message}`);
    return results.some((r) => r.status === 'failed') ? 1 : 0;
  },
};
