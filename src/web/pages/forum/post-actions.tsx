// What one can do with a post: the author edits (optionally as a correction everyone who received it is told about) or
// retracts it with a reason; others report it to the moderators; moderators hide it; platform admins may reveal an
// anonymous contributor (the look is audited). One form is open at a time, inline under the post.
import { useState, type FormEvent } from 'react';
import { MAX_POST_LENGTH } from '../../../shared/api/forum.ts';
import { type Post, useEditPost, useFlagPost, useHidePost, useRetractPost, useRevealPostContributor } from '../../api/forum.ts';
import { CheckboxField, TextAreaField } from '../../components/fields.tsx';
import { MentionTextarea } from '../../components/forum/mention-textarea.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';

type Open = 'edit' | 'retract' | 'flag' | 'hide' | null;

function EditForm({ post, onDone }: { post: Post; onDone: () => void }) {
  const edit = useEditPost(post.id);
  const [body, setBody] = useState(post.body);
  const [correction, setCorrection] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    edit.mutate({ body, ...(correction ? { correction: true } : {}) }, { onSuccess: onDone });
  };
  return (
    <form className="form subform post-form" onSubmit={submit} aria-label="Edit your post">
      <MentionTextarea label="Your post" name="body" rows={5} maxLength={MAX_POST_LENGTH} value={body} onChange={setBody} />
      <CheckboxField
        label="This is a correction — notify everyone who received it"
        checked={correction}
        onChange={(e) => setCorrection(e.target.checked)}
        hint="Use it when the content was wrong in a way readers may have acted on. Typos need no correction."
      />
      <ErrorBanner title="The post was not saved." error={edit.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!body.trim() || edit.isPending}>
          {edit.isPending ? 'Saving…' : correction ? 'Save and notify' : 'Save'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A form asking for a reason (retract, report, hide). */
function ReasonForm({
  title,
  label,
  hint,
  submitLabel,
  danger,
  mutation,
  onDone,
}: {
  title: string;
  label: string;
  hint: string;
  submitLabel: string;
  danger?: boolean;
  mutation: { mutate: (reason: string, options: { onSuccess: () => void }) => void; isPending: boolean; error: unknown };
  onDone: (done: boolean) => void;
}) {
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < 3) return;
    mutation.mutate(reason.trim(), { onSuccess: () => onDone(true) });
  };
  return (
    <form className="form subform post-form" onSubmit={submit} aria-label={title}>
      <TextAreaField
        label={label}
        name="reason"
        rows={2}
        required
        minLength={3}
        maxLength={1000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        hint={hint}
      />
      <ErrorBanner title={`${title}: it did not work.`} error={mutation.error} />
      <div className="actions">
        <button
          type="submit"
          className={`button ${danger ? 'button-danger' : 'button-primary'}`}
          disabled={reason.trim().length < 3 || mutation.isPending}
        >
          {submitLabel}
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Platform admins: who wrote an anonymous post. Every look is written to the audit log. */
function Reveal({ post }: { post: Post }) {
  const reveal = useRevealPostContributor(post.id);
  if (reveal.data) {
    return (
      <p className="banner banner-warning" role="status">
        Written by {reveal.data.personName} ({reveal.data.personEmail}) of {reveal.data.orgName}. This look was recorded in the audit log.
      </p>
    );
  }
  return (
    <div className="reveal">
      <ErrorBanner error={reveal.error} />
      <button
        type="button"
        className="button button-small button-danger-outline"
        onClick={() => reveal.mutate()}
        disabled={reveal.isPending}
        title="Revealing an anonymous contributor is recorded in the audit log with your name."
      >
        Reveal contributor (audited)
      </button>
    </div>
  );
}

/** The action buttons of one post and the form that is open. */
export function PostActions({
  post,
  canModerate,
  canReport,
  platformAdmin,
}: {
  post: Post;
  canModerate: boolean;
  canReport: boolean;
  platformAdmin: boolean;
}) {
  const [open, setOpen] = useState<Open>(null);
  const [flagged, setFlagged] = useState(false);
  const retract = useRetractPost(post.id);
  const flag = useFlagPost(post.id);
  const hide = useHidePost(post.threadId, post.id);
  const live = !post.retracted && !post.hidden;
  const toggle = (which: Open) => setOpen((o) => (o === which ? null : which));
  const buttons: { key: Exclude<Open, null>; label: string; show: boolean }[] = [
    { key: 'edit', label: 'Edit', show: post.mine && live },
    { key: 'retract', label: 'Retract', show: post.mine && live },
    { key: 'flag', label: 'Report', show: canReport && !post.mine && live && !flagged },
    { key: 'hide', label: 'Hide', show: canModerate && !post.hidden },
  ];
  const shown = buttons.filter((b) => b.show);
  const reveal = platformAdmin && post.anonymous && !post.contributor;
  if (!shown.length && !reveal && !flagged) return null;
  return (
    <div className="post-actions">
      <div className="post-action-buttons">
        {shown.map((b) => (
          <button key={b.key} type="button" className="button-link small" aria-expanded={open === b.key} onClick={() => toggle(b.key)}>
            {b.label}
          </button>
        ))}
        {reveal ? <Reveal post={post} /> : null}
      </div>
      {flagged ? <SuccessMessage>Reported to the moderators. Thank you.</SuccessMessage> : null}
      {open === 'edit' ? <EditForm post={post} onDone={() => setOpen(null)} /> : null}
      {open === 'retract' ? (
        <ReasonForm
          title="Retract your post"
          label="Why are you retracting it?"
          hint="The content disappears for everyone; the reason stays, and recipients are asked to acknowledge it."
          submitLabel="Retract the post"
          danger
          mutation={retract}
          onDone={() => setOpen(null)}
        />
      ) : null}
      {open === 'flag' ? (
        <ReasonForm
          title="Report this post"
          label="What is wrong with it?"
          hint="Only the ISAO's moderators see your report."
          submitLabel="Report to the moderators"
          mutation={flag}
          onDone={(done) => {
            setOpen(null);
            if (done) setFlagged(true);
          }}
        />
      ) : null}
      {open === 'hide' ? (
        <ReasonForm
          title="Hide this post"
          label="Reason (kept in the audit log)"
          hint="Readers see that a moderator hid the post, not its content."
          submitLabel="Hide the post"
          danger
          mutation={hide}
          onDone={() => setOpen(null)}
        />
      ) : null}
    </div>
  );
}
