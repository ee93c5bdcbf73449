// The rendered Markdown of a post (or of an earlier revision of one).

/**
 * Shows the post's HTML. This is the one place the web UI puts server HTML into the page: the server renders the
 * Markdown itself and sanitises it by construction (src/modules/forum/markdown.ts: no raw HTML, checked links only,
 * images as links, mentions as plain spans), so nothing a member wrote can run here.
 */
export function PostHtml({ html }: { html: string }) {
  return <div className="post-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
