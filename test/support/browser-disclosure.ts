import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { solveProof } from '../../src/modules/disclosure/report-checks.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A request with the page's session and its CSRF token, as the web client does. */
export async function apiSend(page: Page, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, data?: unknown): Promise<Json> {
  const csrf = (await (await page.request.get('/api/v1/me')).json()).csrfToken as string;
  const response = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrf } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Json;
}

/** A report sent through the public endpoints (proof of work solved here), then accepted by the coordinator's page. */
export async function seedAcceptedReport(
  coordinator: Page,
  baseUrl: string,
  report: { vendorName: string; title: string; productVersion?: string; creditName?: string },
): Promise<{ id: string; reference: string }> {
  const challenge = (await (await fetch(`${baseUrl}/api/v1/reports/challenge`)).json()) as { challenge: string; difficulty: number };
  const sent = await fetch(`${baseUrl}/api/v1/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      vendorName: report.vendorName,
      productName: 'Aurora pump gateway',
      ...(report.productVersion ? { productVersion: report.productVersion } : {}),
      title: report.title,
      description: 'POST /dosetable on port 8443 replaces the dose table without any credentials; tested on 4.2.1.',
      ...(report.creditName ? { credit: { consent: true, name: report.creditName } } : {}),
      proof: { challenge: challenge.challenge, nonce: solveProof(challenge.challenge, challenge.difficulty) },
    }),
  });
  expect(sent.status, await sent.clone().text()).toBe(201);
  const { reference } = (await sent.json()) as { reference: string };
  const queue = (await apiSend(coordinator, 'GET', '/api/v1/reports')) as { items: { id: string; reference: string }[] };
  const found = queue.items.find((r) => r.reference === reference)!;
  await apiSend(coordinator, 'POST', `/api/v1/reports/${found.id}/decision`, { decision: 'accept' });
  return { id: found.id, reference };
}

/**
 * Through the API: a case from an accepted report, one vulnerability, one member vendor, and that vendor's statement
 * on it. Returns the ids.
 */
export async function seedCaseWithStatement(
  coordinator: Page,
  vendor: Page,
  input: { title: string; summary?: string; reportId: string; vulnerability: Json; vendorOrgId: string; statement: Json },
): Promise<{ caseId: string; vulnerabilityId: string }> {
  const caseId = (
    await apiSend(coordinator, 'POST', '/api/v1/cases', {
      title: input.title,
      ...(input.summary ? { summary: input.summary } : {}),
      reportIds: [input.reportId],
    })
  ).id as string;
  const withVuln = await apiSend(coordinator, 'POST', `/api/v1/cases/${caseId}/vulnerabilities`, input.vulnerability);
  const vulnerabilityId = withVuln.vulnerabilities[0].id as string;
  await apiSend(coordinator, 'POST', `/api/v1/cases/${caseId}/vendors`, { orgId: input.vendorOrgId });
  await apiSend(vendor, 'PUT', `/api/v1/cases/${caseId}/statements/${vulnerabilityId}`, input.statement);
  return { caseId, vulnerabilityId };
}
