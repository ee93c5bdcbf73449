/** Reading advisories: lists filtered in the database by the policy, one advisory, its CSAF document as received. */
import { containsPattern } from '../../server/db/sql-text.ts';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { AdvisoryListQuery } from '../../shared/api/advisories.ts';
import { type CsafSummary, csafFileName } from '../csaf/index.ts';
import { type Actor, type SharedRow, SqlParams, canRead, sharedColumns, sharedItemFromRow, visibleFilter } from '../policy/index.ts';
import { matchesWhere } from './advisory-matches.service.ts';

interface AdvisoryRow extends SharedRow {
  id: string;
  tracking_id: string;
  publisher_name: string;
  publisher_namespace: string;
  title: string;
  category: string;
  version: string;
  tracking_status: string;
  initial_release_date: Date;
  current_release_date: Date;
  csaf_tlp: string | null;
  summary: string;
  max_score: string | null;
  cves: string[];
  kev_cves: string[];
  vendors: string[];
  product_names: string[];
  highlight?: string | null;
}

const listColumns = `a.id, a.tracking_id, a.publisher_name, a.publisher_namespace, a.title, a.category, a.version, a.tracking_status,
  a.initial_release_date, a.current_release_date, a.csaf_tlp, a.summary, a.max_score, a.cves, a.vendors,
  a.tlp, a.audience, a.owner_org_id, a.author_id, a.recipient_org_ids, a.recipient_person_ids, a.group_id, a.anonymous, a.embargo_until,
  ARRAY(SELECT k.cve_id FROM kev_entries k WHERE k.cve_id = ANY(a.cves) ORDER BY k.cve_id) AS kev_cves,
  ARRAY(SELECT DISTINCT coalesce(ap.product_name, ap.name) FROM advisory_products ap WHERE ap.advisory_id = a.id ORDER BY 1) AS product_names`;

function summary(r: AdvisoryRow) {
  return {
    id: r.id,
    trackingId: r.tracking_id,
    publisher: r.publisher_name,
    title: r.title,
    category: r.category,
    version: r.version,
    status: r.tracking_status,
    initialReleaseDate: new Date(r.initial_release_date).toISOString(),
    currentReleaseDate: new Date(r.current_release_date).toISOString(),
    tlp: r.tlp,
    summary: r.summary,
    maxScore: r.max_score === null ? null : Number(r.max_score),
    cves: r.cves,
    kevCves: r.kev_cves,
    vendors: r.vendors,
    products: r.product_names,
    highlight: r.highlight ?? null,
  };
}

function cursorOf(kind: 'k' | 'o', value: string): string {
  return Buffer.from(`${kind}|${value}`).toString('base64url');
}

function readCursor(cursor: string, search: boolean): { at: Date; id: string } | { offset: number } {
  const [kind, a, b] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (search && kind === 'o' && /^\d{1,5}$/.test(a ?? '')) return { offset: Number(a) };
  const at = new Date(a ?? '');
  if (!search && kind === 'k' && !Number.isNaN(at.getTime()) && /^[0-9a-f-]{36}$/.test(b ?? '')) return { at, id: b! };
  throw new AppError('validation_failed', 'query.cursor: not a cursor this server issued for this list');
}

/** Advisories this reader may see: newest revision first, or by relevance when searching (with highlighted passages). */
export async function listAdvisories(ctx: AppContext, reader: Actor | null, q: z.infer<typeof AdvisoryListQuery>) {
  const params = new SqlParams();
  const where = [visibleFilter(reader, ctx.clock.now(), params, sharedColumns('a'))];
  const search = q.q !== undefined && q.q !== '';
  let query = '';
  if (search) {
    query = params.add(q.q);
    // A CVE id or tracking id typed into the search box finds its advisory even where the text search would split it.
    where.push(`(a.search @@ websearch_to_tsquery('english', ${query}) OR upper(${query}) = ANY(a.cves) OR a.tracking_id ILIKE ${query})`);
  }
  if (q.vendor) {
    const v = params.add(containsPattern(q.vendor));
    where.push(`EXISTS (SELECT 1 FROM unnest(a.vendors) AS x(vendor) WHERE x.vendor ILIKE ${v})`);
  }
  if (q.product) {
    const p = params.add(containsPattern(q.product));
    where.push(
      `EXISTS (SELECT 1 FROM advisory_products ap WHERE ap.advisory_id = a.id AND (ap.product_name ILIKE ${p} OR ap.name ILIKE ${p}))`,
    );
  }
  if (q.cve) where.push(`${params.add(q.cve)} = ANY(a.cves)`);
  if (q.kev) where.push(`${q.kev === 'true' ? '' : 'NOT '}EXISTS (SELECT 1 FROM kev_entries k WHERE k.cve_id = ANY(a.cves))`);
  if (q.from) where.push(`a.initial_release_date >= ${params.add(q.from)}::date`);
  if (q.to) where.push(`a.initial_release_date < ${params.add(q.to)}::date + 1`);
  const cursor = q.cursor ? readCursor(q.cursor, search) : null;
  let order = 'a.current_release_date DESC, a.id DESC';
  let offset = 0;
  let columns = listColumns;
  if (search) {
    order = `ts_rank(a.search, websearch_to_tsquery('english', ${query})) DESC, a.current_release_date DESC, a.id DESC`;
    offset = cursor && 'offset' in cursor ? cursor.offset : 0;
    columns += `, ts_headline('english', a.title || '. ' || a.summary, websearch_to_tsquery('english', ${query}),
      'StartSel=«, StopSel=», MaxWords=30, MinWords=10, MaxFragments=2') AS highlight`;
  } else if (cursor && 'at' in cursor) {
    where.push(`(a.current_release_date, a.id) < (${params.add(cursor.at)}, ${params.add(cursor.id)}::uuid)`);
  }
  const rows = await ctx.db.query<AdvisoryRow>(
    `SELECT ${columns} FROM advisories a WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${q.limit + 1} OFFSET ${offset}`,
    params.values,
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const more = rows.length > q.limit && last !== undefined;
  return {
    items: page.map(summary),
    nextCursor: !more
      ? null
      : search
        ? offset + q.limit <= 10_000
          ? cursorOf('o', String(offset + q.limit))
          : null
        : cursorOf('k', `${new Date(last.current_release_date).toISOString()}|${last.id}`),
  };
}

interface AdvisoryFullRow extends AdvisoryRow {
  sha256: string;
  lang: string | null;
  imported_at: Date;
  content: CsafSummary;
  document?: string;
}

/** Loads an advisory the reader may see, or 404 (not visible and not existing answer the same). */
async function readable(ctx: AppContext, reader: Actor | null, id: string, withDocument = false): Promise<AdvisoryFullRow> {
  const [row] = await ctx.db.query<AdvisoryFullRow>(
    `SELECT ${listColumns}, a.sha256, a.lang, a.imported_at, a.content${withDocument ? ', a.document' : ''} FROM advisories a WHERE a.id = $1`,
    [id],
  );
  if (!row || !canRead(reader, sharedItemFromRow(row), ctx.clock.now())) throw new AppError('not_found');
  return row;
}

/** One advisory as people read it: notes, products with their status, vulnerabilities, revisions, my possible matches. */
export async function getAdvisory(ctx: AppContext, reader: Actor | null, id: string) {
  const row = await readable(ctx, reader, id);
  const c = row.content;
  const [products, revisions, myMatches] = await Promise.all([
    ctx.db.query<{ csaf_product_id: string; statuses: string[] }>(
      'SELECT csaf_product_id, statuses FROM advisory_products WHERE advisory_id = $1',
      [id],
    ),
    ctx.db.query<{ version: string; current_release_date: Date; sha256: string; imported_at: Date }>(
      'SELECT version, current_release_date, sha256, imported_at FROM advisory_revisions WHERE advisory_id = $1 ORDER BY current_release_date DESC, imported_at DESC',
      [id],
    ),
    matchesWhere(ctx, reader, 'm.advisory_id = $1', [id]),
  ]);
  const statuses = new Map(products.map((p) => [p.csaf_product_id, p.statuses]));
  const kev = new Set(row.kev_cves);
  return {
    ...summary(row),
    publisherNamespace: row.publisher_namespace,
    csafTlp: row.csaf_tlp,
    lang: row.lang,
    fileName: csafFileName(row.tracking_id),
    sha256: row.sha256,
    importedAt: new Date(row.imported_at).toISOString(),
    notes: c.notes,
    acknowledgments: c.acknowledgments,
    references: c.references,
    revisionHistory: c.tracking.revisions,
    receivedRevisions: revisions.map((r) => ({
      version: r.version,
      currentReleaseDate: new Date(r.current_release_date).toISOString(),
      sha256: r.sha256,
      current: r.sha256 === row.sha256,
      importedAt: new Date(r.imported_at).toISOString(),
    })),
    productTree: c.products.map((p) => ({
      productId: p.productId,
      name: p.name,
      vendor: p.vendor,
      productName: p.productName,
      version: p.version,
      cpe: p.cpe,
      purl: p.purl,
      statuses: statuses.get(p.productId) ?? [],
    })),
    vulnerabilities: c.vulnerabilities.map((v) => ({ ...v, kev: v.cve !== null && kev.has(v.cve) })),
    myMatches,
  };
}

/** The stored CSAF document exactly as received, with its file name. */
export async function getAdvisoryDocument(ctx: AppContext, reader: Actor | null, id: string) {
  const row = await readable(ctx, reader, id, true);
  return { text: row.document!, fileName: csafFileName(row.tracking_id), sha256: row.sha256 };
}
