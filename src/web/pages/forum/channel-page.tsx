// /forum/channels/:id: one channel's threads and the "New thread" form.
import { Link, useParams } from 'react-router-dom';
import { audienceLabels } from '../../../shared/vocabulary.ts';
import { type ChannelThreads, useChannel } from '../../api/forum.ts';
import { LiveIndicator } from '../../components/forum/live-indicator.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { InfoBox } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { channelScope } from './forum-labels.ts';
import { ThreadForm } from './thread-form.tsx';
import { ThreadList } from './thread-list.tsx';

function ChannelView({ data }: { data: ChannelThreads }) {
  const me = useCurrentMe();
  const readOnly = me.person.roles.every((role) => role === 'read_only');
  const { channel } = data;
  usePageTitle(channel.name);
  return (
    <>
      <div className="title-row">
        <h1>{channel.name}</h1>
        <LiveIndicator />
      </div>
      <p className="muted forum-channel-sub">
        {channelScope(channel)} · threads here reach at most: {audienceLabels[channel.widestAudience]}
      </p>
      {channel.description ? <p className="lead">{channel.description}</p> : null}
      <div className="split">
        <section className="panel" aria-labelledby="threads-title">
          <h2 id="threads-title">Threads</h2>
          <ThreadList threads={data.threads} />
        </section>
        <aside className="panel">
          <h2 id="new-thread-title">New thread</h2>
          {readOnly ? (
            <InfoBox title="Read-only access.">Your role lets you read the forum but not write in it.</InfoBox>
          ) : (
            <ThreadForm channel={channel} />
          )}
        </aside>
      </div>
    </>
  );
}

/** The channel page. */
export function ChannelPage() {
  const id = useParams().id ?? '';
  const channel = useChannel(id);
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/forum">Forum</Link>
      </p>
      <QueryView query={channel} what="the channel" notFound="There is no such channel, or it is not open to your organisation.">
        {(data) => <ChannelView key={data.channel.id} data={data} />}
      </QueryView>
    </div>
  );
}
