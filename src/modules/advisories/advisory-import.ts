/**
 * Importing CSAF advisories published elsewhere (CISA's ICS medical advisories, vendors' own). One transaction per
 * document; the same file twice changes nothing; an older revision never replaces a newer one, and a newer one
 * replaces the current revision whole (vulnerabilities and products it no longer names disappear).
 */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Audience, Tlp } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { type CsafFile, type CsafSummary, CsafFileError, compareCsafVersions, readCsafFile } from '../csaf/index.ts';
import { type Actor, isOperatorStaff } from '../policy/index.ts';
import { matchAdvisory } from './advisory-matching.ts';
import { vendorTokens } from './name-match.ts';

/** What happened to one imported document. */
export type ImportOutcome = 'added' | 'updated' | 'unchanged' | 'older';

export interface AdvisoryImportResult {
  id: string;
  trackingId: string;
  publisher: string;
  version: string;
  title: string;
  outcome: ImportOutcome;
  /** Optional-test (6.2) findings of the validator, reported and not refused. */
  warnings: number;
  /** Registered product versions this advisory may concern (new possible matches). */
  possibleMatches: number;
}

/**
 * The policy columns of an imported advisory, from the document's own TLP: WHITE is public, GREEN is for members, AMBER
 * stays with the importing organisation, RED with the importing person; a document without a TLP is treated as AMBER.
 */
function visibility(label: CsafSummary['tlp'], actor: Actor): { tlp: Tlp; audience: Audience; people: string[] } {
  switch (label) {
    case 'WHITE':
      return { tlp: 'CLEAR', audience: 'public', people: [] };
    case 'GREEN':
      return { tlp: 'GREEN', audience: 'members', people: [] };
    case 'RED':
      return { tlp: 'RED', audience: 'own_org', people: [actor.personId] };
    case 'AMBER':
    case null:
      return { tlp: 'AMBER', audience: 'own_org', people: [] };
  }
}

const maxScore = (s: CsafSummary) => {
  const scores = s.vulnerabilities.flatMap((v) => v.scores.map((x) => x.baseScore));
  return scores.length > 0 ? Math.max(...scores) : null;
};

/** The columns every revision sets on the advisory row. */
function advisoryColumns(file: CsafFile) {
  const s = file.summary;
  const cves = [...new Set(s.vulnerabilities.flatMap((v) => (v.cve ? [v.cve] : [])))];
  const vendors = [...new Set(s.products.flatMap((p) => (p.vendor ? [p.vendor] : [])))];
  const names = [...new Set(s.products.flatMap((p) => [p.productName ?? p.name]))];
  const body = [
    s.summary,
    ...s.notes.map((n) => n.text),
    ...s.vulnerabilities.flatMap((v) => [v.title ?? '', v.cwe?.name ?? '', ...v.notes.map((n) => n.text)]),
  ].join('\n');
  return {
    publisher_name: s.publisher.name,
    category: s.category,
    title: s.title,
    lang: s.lang,
    tracking_status: s.tracking.status,
    version: s.tracking.version,
    initial_release_date: s.tracking.initialReleaseDate,
    current_release_date: s.tracking.currentReleaseDate,
    csaf_tlp: s.tlp,
    summary: s.summary.slice(0, 4000),
    max_score: maxScore(s),
    cves,
    vendors,
    document: file.text,
    sha256: file.sha256,
    content: s,
    keywords: [s.tracking.id, ...cves, ...vendors, ...names].join(' '),
    body: body.slice(0, 500_000),
  };
}

const setColumns = `publisher_name = x.publisher_name, category = x.category, title = x.title, lang = x.lang,
  tracking_status = x.tracking_status, version = x.version, initial_release_date = x.initial_release_date,
  current_release_date = x.current_release_date, csaf_tlp = x.csaf_tlp, summary = x.summary, max_score = x.max_score,
  cves = x.cves, vendors = x.vendors, document = x.document, sha256 = x.sha256, content = x.content,
  search = setweight(to_tsvector('english', x.title), 'A') || setweight(to_tsvector('simple', x.keywords), 'A')
    || setweight(to_tsvector('english', x.body), 'B')`;

const recordType = `x(publisher_name text, category text, title text, lang text, tracking_status text, version text,
  initial_release_date timestamptz, current_release_date timestamptz, csaf_tlp text, summary text, max_score numeric,
  cves text[], vendors text[], document text, sha256 text, content jsonb, keywords text, body text)`;

async function writeProducts(tx: Queryable, advisoryId: string, s: CsafSummary): Promise<void> {
  await tx.query('DELETE FROM advisory_products WHERE advisory_id = $1', [advisoryId]);
  const statuses = new Map<string, Set<string>>();
  for (const v of s.vulnerabilities)
    for (const [status, ids] of Object.entries(v.productStatus))
      for (const id of ids) (statuses.get(id) ?? statuses.set(id, new Set()).get(id)!).add(status);
  const byId = new Map(s.products.map((p) => [p.productId, p]));
  const rows = [...byId.values()].map((p) => ({
    csaf_product_id: p.productId,
    name: p.name,
    vendor: p.vendor,
    vendor_key: p.vendor ? vendorTokens(p.vendor).join('') : null,
    product_name: p.productName,
    version_text: p.version,
    cpe: p.cpe,
    purl: p.purl,
    statuses: [...(statuses.get(p.productId) ?? [])].sort(),
  }));
  if (rows.length > 0)
    await tx.query(
      `INSERT INTO advisory_products (advisory_id, csaf_product_id, name, vendor, vendor_key, product_name, version_text, cpe, purl, statuses)
       SELECT $1, x.csaf_product_id, x.name, x.vendor, x.vendor_key, x.product_name, x.version_text, x.cpe, x.purl, x.statuses
         FROM jsonb_to_recordset($2::jsonb) AS x(csaf_product_id text, name text, vendor text, vendor_key text, product_name text,
              version_text text, cpe text, purl text, statuses text[])`,
      [advisoryId, JSON.stringify(rows)],
    );
}

/** True when `incoming` is a later revision than the stored one: later current_release_date, then higher version. */
function isNewer(incoming: CsafSummary, stored: { current_release_date: Date; version: string }): boolean {
  const d = new Date(incoming.tracking.currentReleaseDate).getTime() - new Date(stored.current_release_date).getTime();
  if (d !== 0) return d > 0;
  return compareCsafVersions(incoming.tracking.version, stored.version) > 0;
}

interface StoredHead {
  id: string;
  sha256: string;
  version: string;
  current_release_date: Date;
}

/** Who may import: the ISAO's coordinators and platform admins (the advisories feed is theirs to run). */
export function assertMayImport(actor: Actor): void {
  if (!isOperatorStaff(actor)) throw new AppError('forbidden', 'Only ISAO coordinators and platform admins import advisories.');
}

/** Imports one CSAF document; refuses an invalid one with the failing test ids (nothing is stored). */
export async function importAdvisory(
  ctx: AppContext,
  actor: Actor,
  bytes: Uint8Array,
  origin: { ip: string | null; fileName?: string | undefined; via: 'web' | 'api' | 'cli' },
): Promise<AdvisoryImportResult> {
  assertMayImport(actor);
  let file: CsafFile;
  try {
    file = await readCsafFile(bytes);
  } catch (error) {
    if (error instanceof CsafFileError)
      throw new AppError('csaf_invalid', `${origin.fileName ? `${origin.fileName}: ` : ''}${error.message}`, {
        tests: error.tests,
        errors: error.errors,
      });
    throw error;
  }
  const s = file.summary;
  const now = ctx.clock.now();
  const cols = advisoryColumns(file);
  const vis = visibility(s.tlp, actor);
  return ctx.db.transaction(async (tx) => {
    // The first import of an identity inserts; a concurrent one waits on the row lock and then compares.
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO advisories (publisher_namespace, tracking_id, source, tlp, audience, owner_org_id, author_id,
         recipient_person_ids, imported_at, updated_at, publisher_name, category, title, lang, tracking_status, version,
         initial_release_date, current_release_date, csaf_tlp, summary, max_score, cves, vendors, document, sha256, content, search)
       SELECT $2, $3, 'imported', $4, $5, $6, $7, $8, $9, $9, x.publisher_name, x.category, x.title, x.lang,
         x.tracking_status, x.version, x.initial_release_date, x.current_release_date, x.csaf_tlp, x.summary, x.max_score,
         x.cves, x.vendors, x.document, x.sha256, x.content,
         setweight(to_tsvector('english', x.title), 'A') || setweight(to_tsvector('simple', x.keywords), 'A')
           || setweight(to_tsvector('english', x.body), 'B')
         FROM jsonb_to_record($1::jsonb) AS ${recordType}
       ON CONFLICT (publisher_namespace, tracking_id) DO NOTHING RETURNING id`,
      [JSON.stringify(cols), s.publisher.namespace, s.tracking.id, vis.tlp, vis.audience, actor.orgId, actor.personId, vis.people, now],
    );
    let id: string;
    let outcome: ImportOutcome;
    if (inserted[0]) {
      id = inserted[0].id;
      outcome = 'added';
    } else {
      const [head] = await tx.query<StoredHead>(
        'SELECT id, sha256, version, current_release_date FROM advisories WHERE publisher_namespace = $1 AND tracking_id = $2 FOR UPDATE',
        [s.publisher.namespace, s.tracking.id],
      );
      id = head!.id;
      const sameRevision =
        head!.sha256 === file.sha256 ||
        (head!.version === s.tracking.version &&
          new Date(head!.current_release_date).getTime() === new Date(s.tracking.currentReleaseDate).getTime());
      outcome = sameRevision ? 'unchanged' : isNewer(s, head!) ? 'updated' : 'older';
      if (outcome === 'updated')
        await tx.query(
          `UPDATE advisories SET ${setColumns}, updated_at = $2 FROM jsonb_to_record($1::jsonb) AS ${recordType} WHERE id = $3`,
          [JSON.stringify(cols), now, id],
        );
    }
    const revision = await tx.query(
      `INSERT INTO advisory_revisions (advisory_id, sha256, version, current_release_date, document, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING sha256`,
      [id, file.sha256, s.tracking.version, s.tracking.currentReleaseDate, file.text, actor.personId, now],
    );
    let possibleMatches = 0;
    if (outcome === 'added' || outcome === 'updated') {
      await writeProducts(tx, id, s);
      possibleMatches = await matchAdvisory(tx, id, now);
    }
    if (outcome !== 'unchanged' || revision.length > 0)
      await appendAudit(tx, {
        actor,
        action: outcome === 'added' ? 'advisory.imported' : outcome === 'updated' ? 'advisory.revised' : 'advisory.revision_kept',
        targetType: 'advisory',
        targetId: id,
        ip: origin.ip,
        detail: { trackingId: s.tracking.id, version: s.tracking.version, sha256: file.sha256, via: origin.via, possibleMatches },
        at: now,
      });
    return {
      id,
      trackingId: s.tracking.id,
      publisher: s.publisher.name,
      version: s.tracking.version,
      title: s.title,
      outcome,
      warnings: file.warnings.length,
      possibleMatches,
    };
  });
}
