/** Forum search and the mention directory. */
import type { AppContext } from '../../server/context.ts';
import { containsPattern } from '../../server/db/sql-text.ts';
import { PLAN_PER_CALL } from '../../server/db/client.ts';
import { type Actor, type SharedItem, SqlParams, sharedColumns, visibleFilter } from '../policy/index.ts';
import { canModerate, visibleChannelsSql } from './forum-access.ts';
import { type PostRow, publicContributor } from './forum-present.ts';

/** How many of the newest readable matches a search ranks. */
const SEARCH_CANDIDATES = 200;

/** Forum search: full text over the posts (and thread titles) I may read, filtered in the database, ranked, highlighted. */
export async function searchForum(ctx: AppContext, actor: Actor, q: string, limit: number) {
  const now = ctx.clock.now();
  const params = new SqlParams([q]);
  const staff = canModerate(actor);
  const rows = await ctx.db.query<{
    id: string;
    thread_id: string;
    title: string;
    channel_name: string;
    tlp: SharedItem['tlp'];
    anonymous: boolean;
    org_name: string;
    org_kind: PostRow['org_kind'];
    owner_org_id: string;
    created_at: Date;
    snippet: string;
    rank: number;
  }>(
    // Two steps, so a common word among a million posts stays fast: the newest readable matches (the planner walks the
    // created_at index or the text index, whichever is cheaper), then ranked by relevance, with snippets for the page only.
    // The query is written inline (not in a CTE) so the planner sees it and estimates how many posts match.
    `${PLAN_PER_CALL}WITH candidates AS (
       SELECT p.id, p.thread_id, p.body, p.search, p.tlp, p.anonymous, p.owner_org_id, p.created_at, t.title, c.name AS channel_name
         FROM posts p JOIN threads t ON t.id = p.thread_id JOIN channels c ON c.id = t.channel_id
        WHERE p.search @@ websearch_to_tsquery('english', $1) AND p.retracted_at IS NULL AND p.hidden_at IS NULL ${staff ? '' : 'AND t.hidden_at IS NULL'}
          AND ${visibleFilter(actor, now, params, sharedColumns('t'))} AND ${visibleFilter(actor, now, params, sharedColumns('p'))}
          AND (${visibleChannelsSql(actor, (v) => params.add(v))})
        ORDER BY p.created_at DESC, p.id DESC LIMIT ${SEARCH_CANDIDATES}),
     ranked AS (
       SELECT cand.*, ts_rank(cand.search, websearch_to_tsquery('english', $1))::float8 AS rank FROM candidates cand
        ORDER BY rank DESC, cand.created_at DESC LIMIT ${params.add(limit)})
     SELECT r.id, r.thread_id, r.title, r.channel_name, r.tlp, r.anonymous, o.name AS org_name, o.kind AS org_kind, r.owner_org_id, r.created_at, r.rank,
            ts_headline('english', r.body, websearch_to_tsquery('english', $1), 'StartSel=««, StopSel=»», MaxWords=30, MinWords=10, MaxFragments=2') AS snippet
       FROM ranked r JOIN organisations o ON o.id = r.owner_org_id
      ORDER BY r.rank DESC, r.created_at DESC`,
    params.values,
  );
  return {
    items: rows.map((r) => ({
      postId: r.id,
      threadId: r.thread_id,
      threadTitle: r.title,
      channelName: r.channel_name,
      tlp: r.tlp,
      contributorLabel: r.anonymous && r.owner_org_id !== actor.orgId ? publicContributor(r) : r.org_name,
      createdAt: new Date(r.created_at).toISOString(),
      snippet: r.snippet,
      rank: r.rank,
    })),
  };
}

/** People and organisations to mention (active members; names only). */
export async function mentionables(ctx: AppContext, actor: Actor, q: string) {
  const pattern = containsPattern(q);
  const people = await ctx.db.query<{ id: string; name: string; org_name: string }>(
    `SELECT p.id, p.name, o.name AS org_name FROM people p JOIN organisations o ON o.id = p.org_id
      WHERE p.status = 'active' AND o.status = 'active' AND p.name ILIKE $1 ORDER BY p.name LIMIT 10`,
    [pattern],
  );
  const orgs = await ctx.db.query<{ id: string; name: string; kind: PostRow['org_kind'] }>(
    `SELECT id, name, kind FROM organisations WHERE status = 'active' AND name ILIKE $1 ORDER BY name LIMIT 10`,
    [pattern],
  );
  void actor;
  return { people: people.map((p) => ({ id: p.id, name: p.name, orgName: p.org_name })), orgs };
}
