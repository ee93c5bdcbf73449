// The "Advisories" panel of a product page (the manufacturer's own people only): advisories that name this product by
// vendor and product name, possible ones first, each with Confirm / Dismiss / Back to possible.
import { ApiError } from '../../api/client.ts';
import { type AdvisoryMatch, type MatchState, useProductAdvisoryMatches } from '../../api/advisories.ts';
import type { Product } from '../../api/types.ts';
import { useCurrentMe } from '../../components/me-context.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { matchStateLabels } from '../advisory/advisory-labels.ts';
import { MatchCard } from '../advisory/match-card.tsx';
import { canDecideMatches } from '../advisory/my-matches.tsx';

const groups: { state: MatchState; title: string }[] = [
  { state: 'possible', title: 'To review' },
  { state: 'confirmed', title: 'Confirmed' },
  { state: 'dismissed', title: 'Dismissed' },
];

function Groups({ items, canDecide }: { items: AdvisoryMatch[]; canDecide: boolean }) {
  if (items.length === 0) {
    return <p className="empty">No advisory names this product yet. New advisories are matched when they are imported.</p>;
  }
  return (
    <>
      {groups.map(({ state, title }) => {
        const matches = items.filter((m) => m.state === state);
        if (matches.length === 0) return null;
        return (
          <div key={state} className="match-group" role="group" aria-labelledby={`matches-${state}`}>
            <h3 id={`matches-${state}`}>
              {title} <span className="tab-count">{matches.length}</span>
              <span className="title-note">{matchStateLabels[state].explanation}</span>
            </h3>
            {matches.map((m) => (
              <MatchCard key={`${m.advisoryId}-${m.productVersionId}`} match={m} context="product" canDecide={canDecide} />
            ))}
          </div>
        );
      })}
    </>
  );
}

/** The panel; hidden for people of other organisations (the server answers them 404). */
export function AdvisoriesPanel({ product }: { product: Product }) {
  const me = useCurrentMe();
  const own = product.owner.orgId === me.organisation.id;
  const matches = useProductAdvisoryMatches(product.id, own);
  if (!own || (matches.error instanceof ApiError && matches.error.status === 404)) return null;
  return (
    <section className="panel" aria-labelledby="product-advisories-title">
      <h2 id="product-advisories-title">
        Advisories {matches.data ? <span className="tab-count">{matches.data.items.length}</span> : null}
      </h2>
      <p className="hint">
        Published advisories (CSAF) that name this product by your organisation’s name and the product’s name or model. Check whether each
        concerns the version, then confirm or dismiss it. Visible only to your organisation.
      </p>
      <QueryView query={matches} what="the advisories">
        {(data) => <Groups items={data.items} canDecide={product.canManage && canDecideMatches(me)} />}
      </QueryView>
    </section>
  );
}
