import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { FindingQuery, UpdateFindingBody } from '../../shared/api/portfolio.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, canManageProduct, canReadFindings } from '../policy/index.ts';
import { readableSbom } from './sboms.service.ts';

interface FindingRow {
  id: string;
  sbom_id: string;
  component: { name: string; version: string | null; purl: string | null; cpe: string | null };
  vulnerability: { id: string; aliases: string[]; related: string[] };
  summary: string | null;
  fixed: string[];
  kev: boolean;
  epss: number | null;
  severity: { level: 'critical' | 'high' | 'medium' | 'low' | 'none'; score: number | null; vector: string | null } | null;
  matched_by: 'purl' | 'cpe';
  status: 'open' | 'closed';
  closed_reason: string | null;
  state: 'in_triage' | 'exploitable' | 'not_affected' | 'false_positive' | 'resolved' | 'resolved_with_pedigree';
  justification: string | null;
  responses: string[];
  detail: string | null;
  opened_at: Date;
  updated_at: Date;
}

function present(r: FindingRow) {
  return {
    id: r.id,
    sbomId: r.sbom_id,
    component: r.component,
    vulnerability: r.vulnerability,
    summary: r.summary,
    fixed: r.fixed,
    kev: r.kev,
    epss: r.epss,
    severity: r.severity,
    matchedBy: r.matched_by,
    status: r.status,
    closedReason: r.closed_reason,
    state: r.state,
    justification: r.justification as never,
    responses: r.responses as never,
    detail: r.detail,
    openedAt: new Date(r.opened_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** The findings of an SBOM, most urgent first (KEV, severity, EPSS): the manufacturer's own people only. */
export async function listFindings(ctx: AppContext, reader: Actor | null, sbomId: string, q: z.infer<typeof FindingQuery>) {
  const sbom = await readableSbom(ctx, reader, sbomId);
  if (!canReadFindings(reader, sbom.owner_org_id)) throw new AppError('forbidden', 'Findings are visible only to the manufacturer.');
  const status = q.status === 'all' ? '' : `AND f.status = '${q.status === 'closed' ? 'closed' : 'open'}'`;
  const [total] = (await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM findings f WHERE f.sbom_id = $1 ${status}`, [sbomId])) as [
    { n: string },
  ];
  const rows = await ctx.db.query<FindingRow>(
    `SELECT f.* FROM findings f WHERE f.sbom_id = $1 ${status}
      ORDER BY f.kev DESC, f.severity_rank DESC, f.epss DESC NULLS LAST, f.component->>'name', f.vuln_key, f.id LIMIT ${q.limit} OFFSET ${q.offset}`,
    [sbomId],
  );
  return { total: Number(total.n), items: rows.map(present) };
}

async function ownedFinding(ctx: AppContext, reader: Actor | null, findingId: string) {
  const [row] = await ctx.db.query<FindingRow & { owner_org_id: string }>(
    `SELECT f.*, p.owner_org_id FROM findings f JOIN sboms s ON s.id = f.sbom_id JOIN product_versions v ON v.id = s.product_version_id
       JOIN products p ON p.id = v.product_id WHERE f.id = $1`,
    [findingId],
  );
  if (!row || !canReadFindings(reader, row.owner_org_id)) throw new AppError('not_found');
  return row;
}

/** Records a VEX decision on a finding (state, justification, responses, why) with its history and an audit record. */
export async function updateFinding(ctx: AppContext, actor: Actor, findingId: string, body: z.infer<typeof UpdateFindingBody>, ip: string) {
  const row = await ownedFinding(ctx, actor, findingId);
  if (!canManageProduct(actor, row.owner_org_id)) throw new AppError('forbidden', 'Read-only people cannot record VEX decisions.');
  const now = ctx.clock.now();
  const justification = body.state === 'not_affected' ? (body.justification ?? null) : null;
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE findings SET state = $2, justification = $3, responses = $4, detail = $5, updated_at = $6 WHERE id = $1', [
      findingId,
      body.state,
      justification,
      body.responses ?? [],
      body.detail,
      now,
    ]);
    await tx.query(
      `INSERT INTO finding_events (finding_id, at, kind, actor_person_id, from_state, to_state, justification, detail)
       VALUES ($1, $2, 'finding.state', $3, $4, $5, $6, $7)`,
      [findingId, now, actor.personId, row.state, body.state, justification, body.detail],
    );
    await appendAudit(tx, {
      actor,
      action: 'finding.vex_decided',
      targetType: 'finding',
      targetId: findingId,
      ip,
      at: now,
      detail: { vulnerability: row.vulnerability.id, component: row.component.name, from: row.state, to: body.state, justification },
    });
  });
  return present(await ownedFinding(ctx, actor, findingId));
}

/** Who decided what on a finding, and when it opened, closed or reopened. */
export async function findingHistory(ctx: AppContext, reader: Actor | null, findingId: string) {
  await ownedFinding(ctx, reader, findingId);
  const rows = await ctx.db.query<{
    at: Date;
    kind: string;
    actor_name: string | null;
    from_state: string | null;
    to_state: string | null;
    justification: string | null;
    detail: string | null;
  }>(
    `SELECT e.at, e.kind, p.name AS actor_name, e.from_state, e.to_state, e.justification, e.detail
       FROM finding_events e LEFT JOIN people p ON p.id = e.actor_person_id WHERE e.finding_id = $1 ORDER BY e.at, e.kind`,
    [findingId],
  );
  return {
    items: rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      actorName: r.actor_name,
      fromState: r.from_state,
      toState: r.to_state,
      justification: r.justification,
      detail: r.detail,
    })),
  };
}
