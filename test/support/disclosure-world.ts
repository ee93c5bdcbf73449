import { solveProof } from '../../src/modules/disclosure/report-checks.ts';
import type { Client, TestApp } from './test-app.ts';

/**
 * A report sent through the public API (proof of work solved) and accepted by the coordinator; returns its id.
 * The reporter consents to be credited as "Dr. R. Searcher".
 */
export async function acceptedReport(t: TestApp, coordinator: Client, title: string): Promise<string> {
  const c = (await t.app.inject({ method: 'GET', url: '/api/v1/reports/challenge' })).json<{ challenge: string; difficulty: number }>();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      vendorName: 'Acme Infusion',
      productName: 'VitaFlow pump',
      title,
      description: `The pump accepts unauthenticated telnet connections on port 23 (${title}).`,
      credit: { consent: true, name: 'Dr. R. Searcher' },
      proof: { challenge: c.challenge, nonce: solveProof(c.challenge, c.difficulty) },
    },
  });
  if (res.statusCode !== 201) throw new Error(`report: ${res.statusCode} ${res.body}`);
  const [row] = await t.db.query<{ id: string }>('SELECT id FROM reports WHERE title = $1', [title]);
  const ok = await coordinator.request('POST', `/api/v1/reports/${row!.id}/decision`, { decision: 'accept' });
  if (ok.statusCode !== 200) throw new Error(`accept: ${ok.statusCode} ${ok.body}`);
  return row!.id;
}
