// "Your product versions this may concern": the possible matches of one advisory to my organisation's product versions.
import type { AdvisoryMatch } from '../../api/advisories.ts';
import type { Me } from '../../api/types.ts';
import { canCreateProducts } from '../../lib/portfolio-labels.ts';
import { MatchCard } from './match-card.tsx';

/** People of the manufacturer who may write manage its products, and so decide its matches. */
export function canDecideMatches(me: Me | null): boolean {
  return me !== null && canCreateProducts(me);
}

/** The panel on the advisory page (only when there are matches). */
export function MyMatchesPanel({ matches, me }: { matches: AdvisoryMatch[]; me: Me | null }) {
  if (matches.length === 0) return null;
  const canDecide = canDecideMatches(me);
  return (
    <section className="panel panel-warning" aria-labelledby="my-matches-title">
      <h2 id="my-matches-title">
        Your product versions this may concern <span className="tab-count">{matches.length}</span>
      </h2>
      <p className="small">
        Found by the vendor and product names the advisory uses: check each one, then confirm it or dismiss it. Visible only to your
        organisation.
      </p>
      {matches.map((m) => (
        <MatchCard key={m.productVersionId} match={m} context="advisory" canDecide={canDecide} />
      ))}
    </section>
  );
}
