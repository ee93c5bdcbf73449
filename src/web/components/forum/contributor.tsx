// Who wrote a thread or post, as the reader may see it: the person and organisation, or "a member hospital" when shared
// anonymously (the contributing organisation itself sees its own name, marked as posted anonymously).

interface Contributed {
  anonymous: boolean;
  contributor: { orgName: string; personName: string } | null;
  contributorLabel: string;
}

/** "Dana Brooks, St. Example General Hospital", or the anonymous label. */
export function contributorText(item: Contributed): string {
  if (!item.contributor) return item.contributorLabel;
  const person = item.contributor.personName ? `${item.contributor.personName}, ` : '';
  return `${person}${item.contributor.orgName}${item.anonymous ? ` (posted anonymously as “${item.contributorLabel}”)` : ''}`;
}

/** The contributor as text, styled as such. */
export function ContributorLabel({ item }: { item: Contributed }) {
  return <span className={`contributor${item.anonymous ? ' contributor-anonymous' : ''}`}>{contributorText(item)}</span>;
}
