// /organisation/webhooks (org admins): the organisation's webhooks — the forum events sent to its own systems, signed
// with a secret shown once — enable, disable, delete, and each one's delivery log.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { webhookEventTypeList } from '../../../shared/api/notifications.ts';
import {
  type CreatedWebhook,
  type Webhook,
  type WebhookEventType,
  useCreateWebhook,
  useDeleteWebhook,
  useUpdateWebhook,
  useWebhookDeliveries,
  useWebhooks,
} from '../../api/notifications.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { TextField } from '../../components/fields.tsx';
import { ErrorBanner, InfoBox } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { usePageTitle } from '../../lib/use-page-title.ts';

const eventLabels: Record<WebhookEventType, string> = {
  'thread.created': 'A thread was started',
  'post.created': 'A post was written',
  'post.edited': 'A post was edited or corrected',
  'post.retracted': 'A post was retracted',
};

function Deliveries({ webhook }: { webhook: Webhook }) {
  const deliveries = useWebhookDeliveries(webhook.id, true);
  return (
    <QueryView query={deliveries} what="the deliveries">
      {(data) => (
        <DataTable
          items={data.items}
          rowKey={(d) => d.id}
          headers={['Event', 'Status', 'Attempts', 'Last answer', 'Created', 'Delivered / next try']}
          empty="Nothing sent yet."
          row={(d) => (
            <>
              <td>
                <code>{d.eventType}</code> <span className="muted small">#{d.eventId}</span>
              </td>
              <td>
                <span
                  className={`pill pill-tight ${d.status === 'delivered' ? 'pill-ok' : d.status === 'failed' ? 'pill-bad' : 'pill-off'}`}
                >
                  {d.status}
                </span>
              </td>
              <td className="case-count">{d.attempts}</td>
              <td className="cell-wrap small">{d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—')}</td>
              <td className="nowrap">
                <DateTime value={d.createdAt} />
              </td>
              <td className="nowrap">
                {d.deliveredAt ? <DateTime value={d.deliveredAt} /> : d.status === 'pending' ? <DateTime value={d.nextAttemptAt} /> : '—'}
              </td>
            </>
          )}
        />
      )}
    </QueryView>
  );
}

function WebhookItem({ webhook }: { webhook: Webhook }) {
  const update = useUpdateWebhook(webhook.id);
  const remove = useDeleteWebhook(webhook.id);
  const [log, setLog] = useState(false);
  const [confirm, setConfirm] = useState(false);
  return (
    <li className="card-item webhook">
      <div className="card-item-head">
        <code className="card-item-title webhook-url">{webhook.url}</code>
        {webhook.enabled ? <span className="pill pill-ok">Enabled</span> : <span className="pill pill-off">Disabled</span>}
        {webhook.consecutiveFailures ? <span className="pill pill-warn">{webhook.consecutiveFailures} failures in a row</span> : null}
      </div>
      <p className="small">Sends: {webhook.eventTypes.map((t) => eventLabels[t]).join('; ')}</p>
      {webhook.disabledReason ? <p className="small text-danger">Disabled: {webhook.disabledReason}</p> : null}
      <p className="muted small">
        Added <DateTime value={webhook.createdAt} />
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button-small"
          disabled={update.isPending}
          onClick={() => update.mutate({ enabled: !webhook.enabled })}
        >
          {webhook.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="button button-small" aria-expanded={log} onClick={() => setLog((l) => !l)}>
          {log ? 'Hide the delivery log' : 'Delivery log'}
        </button>
        {confirm ? (
          <>
            <button type="button" className="button button-small button-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Delete for good
            </button>
            <button type="button" className="button button-small" onClick={() => setConfirm(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button button-small button-danger-outline" onClick={() => setConfirm(true)}>
            Delete
          </button>
        )}
      </div>
      <ErrorBanner error={update.error ?? remove.error} />
      {log ? <Deliveries webhook={webhook} /> : null}
    </li>
  );
}

function CreateForm({ onCreated }: { onCreated: (created: CreatedWebhook) => void }) {
  const create = useCreateWebhook();
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<WebhookEventType[]>([...webhookEventTypeList]);
  const toggle = (t: WebhookEventType, on: boolean) => setTypes((old) => (on ? [...old, t] : old.filter((x) => x !== t)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!types.length) return;
    create.mutate(
      { url: url.trim(), eventTypes: types },
      {
        onSuccess: (created) => {
          setUrl('');
          onCreated(created);
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby="new-webhook-title">
      <h2 id="new-webhook-title">Add a webhook</h2>
      <TextField
        label="URL"
        type="url"
        required
        maxLength={2000}
        placeholder="https://"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <fieldset>
        <legend>Events</legend>
        {webhookEventTypeList.map((t) => (
          <div key={t} className="field-checkbox">
            <input type="checkbox" id={`wh-${t}`} checked={types.includes(t)} onChange={(e) => toggle(t, e.target.checked)} />
            <label htmlFor={`wh-${t}`}>{eventLabels[t]}</label>
          </div>
        ))}
      </fieldset>
      <p className="hint">Only what your organisation may read is sent. Each request is signed with the webhook’s secret.</p>
      <ErrorBanner title="The webhook was not added." error={create.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!types.length || create.isPending}>
          Add the webhook
        </button>
      </div>
    </form>
  );
}

/** The webhooks page. */
export function WebhooksPage() {
  usePageTitle('Webhooks');
  const webhooks = useWebhooks();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/organisation">Organisation</Link>
      </p>
      <h1>Webhooks</h1>
      <p className="lead">Send forum events your organisation may read to your own systems (ticketing, SIEM, chat).</p>
      {created ? (
        <InfoBox title="Copy the signing secret now: it is shown only once.">
          <p className="secret">
            <code>{created.secret}</code> <CopyButton text={created.secret} />
          </p>
          <p className="small">Verify each request's signature with it. For {created.webhook.url}.</p>
        </InfoBox>
      ) : null}
      <section className="panel" aria-label="Webhooks">
        <QueryView query={webhooks} what="the webhooks">
          {(data) =>
            data.items.length ? (
              <ul className="card-list">
                {data.items.map((w) => (
                  <WebhookItem key={w.id} webhook={w} />
                ))}
              </ul>
            ) : (
              <p className="empty">No webhooks yet.</p>
            )
          }
        </QueryView>
      </section>
      <section className="panel webhook-add">
        <CreateForm onCreated={setCreated} />
      </section>
    </div>
  );
}
