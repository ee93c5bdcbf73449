// /forum/search?q=: posts the reader may read that match, with the matches highlighted, their TLP label and a link.
import { Link, useSearchParams } from 'react-router-dom';
import { type SearchHit, useForumSearch } from '../../api/forum.ts';
import { DateTime } from '../../components/date-time.tsx';
import { SearchSnippet } from '../../components/forum/search-snippet.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { TlpBadge } from '../../components/tlp-badge.tsx';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { ForumSearchBox } from './forum-search-box.tsx';

function Results({ items, q }: { items: SearchHit[]; q: string }) {
  if (items.length === 0) return <p className="empty">Nothing you may read matches “{q}”.</p>;
  return (
    <ul className="notice-list search-results" aria-label="Search results">
      {items.map((hit) => (
        <li key={hit.postId} className="notice-item">
          <TlpBadge tlp={hit.tlp} />
          <div className="notice-item-main">
            <Link to={`/forum/threads/${hit.threadId}#post-${hit.postId}`} className="notice-title">
              {hit.threadTitle || 'Direct conversation'}
            </Link>
            <p className="notice-meta">
              {hit.channelName} · {hit.contributorLabel} · <DateTime value={hit.createdAt} />
            </p>
            <SearchSnippet snippet={hit.snippet} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The search page. */
export function ForumSearchPage() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  usePageTitle(q ? `Search: ${q}` : 'Search the forum');
  const results = useForumSearch(q);
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/forum">Forum</Link>
      </p>
      <h1>Search the forum</h1>
      <ForumSearchBox key={q} initial={q} label="Words to find" />
      <section className="panel" aria-label="Results">
        {q.length < 2 ? (
          <p className="empty">Type at least 2 characters.</p>
        ) : (
          <QueryView query={results} what="the results">
            {(data) => <Results items={data.items} q={q} />}
          </QueryView>
        )}
      </section>
    </div>
  );
}
