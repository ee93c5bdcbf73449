// Parts of a post: its reactions with counts, its attachments (download links with their SHA-256), and its earlier
// revisions ("edited · N revisions", expanding the history).
import { useState } from 'react';
import { reactions } from '../../../shared/api/forum.ts';
import { type Post, attachmentUrl, useReact, useRevisions, useUploadAttachment } from '../../api/forum.ts';
import { DateTime } from '../../components/date-time.tsx';
import { FileButton } from '../../components/file-button.tsx';
import { PostHtml } from '../../components/forum/post-html.tsx';
import { ErrorBanner, Loading } from '../../components/messages.tsx';
import { reactionLabels } from './forum-labels.ts';

/** "12.3 KB". */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The three reactions, each a toggle with its count. */
export function Reactions({ post, disabled }: { post: Post; disabled: boolean }) {
  const react = useReact(post.id);
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {reactions.map((reaction) => {
        const state = post.reactions.find((r) => r.reaction === reaction);
        const count = state?.count ?? 0;
        const mine = state?.mine ?? false;
        return (
          <button
            key={reaction}
            type="button"
            className={`button button-small reaction${mine ? ' reaction-mine' : ''}`}
            aria-pressed={mine}
            disabled={disabled || react.isPending}
            onClick={() => react.mutate({ reaction, on: !mine })}
          >
            {reactionLabels[reaction]}
            <span className="reaction-count">{count}</span>
          </button>
        );
      })}
      <ErrorBanner error={react.error} />
    </div>
  );
}

/** The post's files as download links (never shown inline), with size and SHA-256; the author may add more. */
export function Attachments({ post, canAttach }: { post: Post; canAttach: boolean }) {
  const upload = useUploadAttachment(post.threadId, post.id);
  if (post.attachments.length === 0 && !canAttach) return null;
  return (
    <div className="attachments">
      {post.attachments.length ? (
        <ul className="attachment-list" aria-label="Attachments">
          {post.attachments.map((a) => (
            <li key={a.id}>
              <a href={attachmentUrl(a.id)} download={a.fileName} className="attachment-name">
                {a.fileName}
              </a>{' '}
              <span className="muted small">({formatSize(a.size)})</span>
              <span className="hash-line small">
                SHA-256 <code className="hash">{a.sha256}</code>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {canAttach ? (
        <div className="attach">
          <FileButton accept="*/*" busy={upload.isPending} onFile={(file) => upload.mutate(file)}>
            {upload.isPending ? 'Uploading…' : 'Attach a file'}
          </FileButton>
          <ErrorBanner title="The file was not attached." error={upload.error} />
        </div>
      ) : null}
    </div>
  );
}

/** "edited · N revisions": a toggle that shows the earlier versions. */
export function RevisionHistory({ post }: { post: Post }) {
  const [open, setOpen] = useState(false);
  const history = useRevisions(post.id, open);
  if (!post.editedAt) return null;
  const label = `edited · ${post.revisions} ${post.revisions === 1 ? 'revision' : 'revisions'}`;
  return (
    <div className="revisions-toggle">
      <button type="button" className="button-link small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {label}
      </button>
      {open ? (
        <div className="revision-list">
          {history.isPending ? <Loading what="Loading the earlier versions" /> : null}
          <ErrorBanner error={history.error} />
          {history.data?.items.length === 0 ? <p className="empty">No earlier versions.</p> : null}
          {history.data?.items.map((r) => (
            <section key={r.revision} className="revision" aria-label={`Revision ${r.revision}`}>
              <p className="muted small">
                Revision {r.revision}, replaced <DateTime value={r.replacedAt} /> by {r.editorName}
              </p>
              <PostHtml html={r.html} />
            </section>
          ))}
        </div>
      ) : null}
    </div>
  );
}
