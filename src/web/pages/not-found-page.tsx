// Any unknown path inside the signed-in area.
import { Link } from 'react-router-dom';
import { usePageTitle } from '../lib/use-page-title.ts';

/** "Page not found" with a way home. */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <section className="page narrow">
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may be incomplete.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
