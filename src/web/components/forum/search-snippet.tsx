// A search snippet: the server marks matches between «« and »» in plain text. They become <mark> elements by splitting
// the text here; the snippet is never read as HTML.

/** The snippet split into plain and matched parts. */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  const [first, ...rest] = snippet.split('««');
  if (first) parts.push({ text: first, match: false });
  for (const chunk of rest) {
    const end = chunk.indexOf('»»');
    if (end < 0) {
      if (chunk) parts.push({ text: chunk, match: true });
      continue;
    }
    if (end > 0) parts.push({ text: chunk.slice(0, end), match: true });
    const after = chunk.slice(end + 2);
    if (after) parts.push({ text: after, match: false });
  }
  return parts;
}

/** The snippet with its matches highlighted. */
export function SearchSnippet({ snippet }: { snippet: string }) {
  return (
    <p className="search-passage">
      {snippetParts(snippet).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </p>
  );
}
