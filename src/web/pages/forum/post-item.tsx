// One post of a thread: its TLP label, contributor and time, "new" / "edited since your last visit" markers, the
// rendered Markdown (or the retraction note, or "hidden"), attachments, reactions and the actions.
import type { Post } from '../../api/forum.ts';
import { useAcknowledgeRetraction } from '../../api/forum.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ContributorLabel } from '../../components/forum/contributor.tsx';
import { PostHtml } from '../../components/forum/post-html.tsx';
import { ErrorBanner } from '../../components/messages.tsx';
import { TlpBadge } from '../../components/tlp-badge.tsx';
import { MessageLink } from '../messages/message-link.tsx';
import { PostActions } from './post-actions.tsx';
import { Attachments, Reactions, RevisionHistory } from './post-extras.tsx';

function Retracted({ post }: { post: Post }) {
  const acknowledge = useAcknowledgeRetraction(post.threadId, post.id);
  const retracted = post.retracted!;
  return (
    <div className="post-retracted" role="note">
      <p>
        <strong>
          Retracted on <DateTime value={retracted.at} />:
        </strong>{' '}
        <span className="prewrap">{retracted.reason}</span>
      </p>
      {post.mine ? (
        <p className="muted small">Everyone who received it is asked to acknowledge the retraction.</p>
      ) : retracted.acknowledged ? (
        <p className="muted small">You acknowledged the retraction.</p>
      ) : (
        <>
          <p className="small">Stop using what it said, and tell whoever you passed it on to.</p>
          <ErrorBanner error={acknowledge.error} />
          <button
            type="button"
            className="button button-small"
            onClick={() => acknowledge.mutate(undefined)}
            disabled={acknowledge.isPending}
          >
            Acknowledge
          </button>
        </>
      )}
    </div>
  );
}

/**
 * The post; `fresh` marks it new to me (since my last visit, or written while I am here). In a direct conversation
 * nothing is reported to moderators; elsewhere `canMessage` offers to write to the author directly.
 */
export function PostItem({
  post,
  fresh,
  canModerate,
  platformAdmin,
  direct,
  canMessage,
}: {
  post: Post;
  fresh: boolean;
  canModerate: boolean;
  platformAdmin: boolean;
  direct: boolean;
  canMessage: boolean;
}) {
  const live = !post.retracted && !post.hidden;
  const classes = ['msg', 'forum-post', post.mine ? 'msg-mine' : 'msg-theirs'];
  if (fresh) classes.push('msg-new');
  if (post.retracted) classes.push('is-retracted');
  if (post.hidden) classes.push('is-hidden');
  return (
    <li id={`post-${post.id}`} className={classes.join(' ')} aria-labelledby={`post-${post.id}-who`}>
      <div className="msg-head">
        <TlpBadge tlp={post.tlp} />
        <strong className="msg-author" id={`post-${post.id}-who`}>
          <ContributorLabel item={post} />
        </strong>
        <span className="muted small">
          <DateTime value={post.createdAt} />
        </span>
        {fresh ? <span className="pill pill-bad msg-flag">New</span> : null}
        {post.editedSinceVisit && live ? <span className="pill pill-warn msg-flag">Edited since your last visit</span> : null}
        {post.corrected && live ? <span className="pill pill-warn msg-flag">Corrected</span> : null}
        {canMessage && post.contributor && !post.mine ? <MessageLink person={post.contributor} /> : null}
      </div>
      {post.retracted ? (
        <Retracted post={post} />
      ) : post.hidden ? (
        <>
          <p className="post-hidden muted">
            Hidden by the moderators.{post.html ? ' You see its text because you moderate the forum.' : ''}
          </p>
          {post.html ? <PostHtml html={post.html} /> : null}
        </>
      ) : (
        <PostHtml html={post.html} />
      )}
      {live ? <RevisionHistory post={post} /> : null}
      {live ? <Attachments post={post} canAttach={post.mine} /> : null}
      {live ? <Reactions post={post} disabled={false} /> : null}
      <PostActions post={post} canModerate={canModerate} canReport={!direct} platformAdmin={platformAdmin} />
    </li>
  );
}
