// The panel shown instead of a page the person may not see.
import { Link } from 'react-router-dom';

/** "You do not have access to this page", with the reason when the server gave one. */
export function DenialPanel({ reason }: { reason?: string }) {
  return (
    <section className="denial" role="alert" aria-labelledby="denial-title">
      <h1 id="denial-title">You do not have access to this page</h1>
      <p>{reason ?? 'Your role in your organisation does not include this page.'}</p>
      <p>
        If you think you should have access, ask an administrator of your organisation. <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
