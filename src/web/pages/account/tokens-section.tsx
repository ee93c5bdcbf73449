// Account security: API tokens: create (shown once), list, revoke.
import { useState, type FormEvent } from 'react';
import { tokenScopes, type TokenScope } from '../../../shared/vocabulary.ts';
import { useCreateToken, useRevokeToken, useTokens } from '../../api/account.ts';
import type { CreatedToken, TokenItem } from '../../api/types.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { TextField } from '../../components/fields.tsx';
import { ErrorBanner } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { isPast } from '../../lib/time.ts';
import { DataTable } from '../../components/data-table.tsx';
import { RevokeButton } from '../../components/revoke-button.tsx';

const scopeText: Record<TokenScope, string> = {
  read: 'Read — fetch notices and directory data',
  write: 'Write — share notices',
  admin: 'Admin — administrative actions your role allows',
};

function tokenStatus(token: TokenItem): string {
  if (token.revokedAt) return 'Revoked';
  if (isPast(token.expiresAt)) return 'Expired';
  return 'Active';
}

/** The new token, shown once, with a copy button. */
function NewToken({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  return (
    <div className="panel panel-warning" role="status">
      <h3>Copy your new token now</h3>
      <p>
        This is the only time <strong>{created.item.name}</strong> is shown. It is stored hashed: if you lose it, revoke it and create a new
        one. Treat it like a password.
      </p>
      <p className="secret">
        <code data-testid="new-token">{created.token}</code> <CopyButton text={created.token} label="Copy token" />
      </p>
      <button type="button" className="button" onClick={onDone}>
        I have copied the token
      </button>
    </div>
  );
}

/** The API tokens panel. */
export function TokensSection() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const toggle = (scope: TokenScope, on: boolean) => setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), scopes, expiresInDays: Number(days) },
      {
        onSuccess: (result) => {
          setCreated(result);
          setName('');
        },
      },
    );
  };
  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="hint">Tokens let scripts and other tools use the OpenISAO API as you. Give each tool its own token.</p>
      {created ? <NewToken created={created} onDone={() => setCreated(null)} /> : null}
      <form className="form form-narrow" onSubmit={submit} aria-label="Create an API token">
        <TextField
          label="Token name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. SIEM export"
        />
        <fieldset>
          <legend>Scopes</legend>
          {tokenScopes.map((scope) => (
            <div key={scope} className="field-checkbox">
              <input
                type="checkbox"
                id={`scope-${scope}`}
                checked={scopes.includes(scope)}
                onChange={(e) => toggle(scope, e.target.checked)}
              />
              <label htmlFor={`scope-${scope}`}>{scopeText[scope]}</label>
            </div>
          ))}
        </fieldset>
        <TextField
          label="Expires in (days)"
          type="number"
          min={1}
          max={366}
          required
          value={days}
          onChange={(e) => setDays(e.target.value)}
          className="input-short"
        />
        <ErrorBanner title="The token was not created." error={create.error} />
        {scopes.length === 0 ? <p className="hint">Choose at least one scope.</p> : null}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={create.isPending || scopes.length === 0}>
            Create token
          </button>
        </div>
      </form>
      <ErrorBanner title="The token was not revoked." error={revoke.error} />
      <QueryView query={tokens} what="tokens">
        {(data) => (
          <DataTable
            items={data.items}
            headers={['Name', 'Starts with', 'Scopes', 'Created', 'Expires', 'Last used', 'Status']}
            actions
            rowKey={(token) => token.id}
            empty="You have no API tokens."
            row={(token) => (
              <>
                <td>{token.name}</td>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td>{token.scopes.join(', ')}</td>
                <td>
                  <DateTime value={token.createdAt} dateOnly />
                </td>
                <td>
                  <DateTime value={token.expiresAt} dateOnly />
                </td>
                <td>
                  <DateTime value={token.lastUsedAt} />
                </td>
                <td>{tokenStatus(token)}</td>
                <td className="cell-actions">
                  {tokenStatus(token) === 'Active' ? (
                    <RevokeButton what={`token ${token.name}`} onRevoke={() => revoke.mutate(token.id)} disabled={revoke.isPending} />
                  ) : null}
                </td>
              </>
            )}
          />
        )}
      </QueryView>
    </section>
  );
}
