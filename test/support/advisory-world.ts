import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summariseCsaf } from '../../src/modules/csaf/index.ts';
import type { SharedItem } from '../../src/modules/policy/index.ts';
import type { World } from './policy-world.ts';
import type { PortfolioWorld } from './portfolio-world.ts';

/** An advisory of the policy world: the policy facts of one of the world's notices, and a canary title. */
export interface WorldAdvisory extends SharedItem {
  id: string;
  title: string;
}

/** Advisories for the route × caller test, and the product versions they are matched to. */
export interface AdvisoryWorld {
  advisories: WorldAdvisory[];
  /** Versions (of the "members" products of both manufacturers) that every advisory is a possible match of. */
  matchedVersionIds: string[];
}

const template = readFileSync(join(import.meta.dirname, '../fixtures/csaf/icsma/icsma-24-254-01.json'), 'utf8');

/** A valid CSAF document with a canary title and tracking id (for import and for the stored rows). */
export function canaryCsaf(marker: string): { text: string; doc: Record<string, unknown> } {
  const doc = JSON.parse(template) as { document: { title: string; tracking: { id: string } } };
  doc.document.title = marker;
  doc.document.tracking.id = marker;
  const text = JSON.stringify(doc);
  return { text, doc: doc };
}

/**
 * One advisory per non-anonymous notice of the world, with the same TLP, audience, owner, author, recipients, group and
 * embargo (so canRead decides for both alike), each a possible match of two product versions.
 */
export async function buildAdvisoryWorld(w: World, pw: PortfolioWorld): Promise<AdvisoryWorld> {
  const advisories: WorldAdvisory[] = [];
  const matchedVersionIds = pw.products.filter((p) => p.visibility === 'members').map((p) => p.versionId);
  for (const [i, n] of w.notices.filter((x) => !x.anonymous).entries()) {
    const id = randomUUID();
    const title = `ADVISORY-${randomUUID()}`;
    const { text, doc } = canaryCsaf(title);
    const content = summariseCsaf(doc);
    await w.t.db.query(
      `INSERT INTO advisories (id, publisher_namespace, publisher_name, tracking_id, source, category, title, tracking_status, version,
         initial_release_date, current_release_date, csaf_tlp, summary, cves, vendors, document, sha256, content, search,
         tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, embargo_until, imported_at, updated_at)
       VALUES ($1, 'https://policy.test/', 'Policy test', $2, 'imported', 'csaf_security_advisory', $2, 'final', '1', $3, $3, 'WHITE',
         $4, '{CVE-2024-34463}', '{BPL Medical Technologies}', $5, $6, $7, to_tsvector('simple', $2),
         $8, $9, $10, $11, $12, $13, $14, $15, $3, $3)`,
      [
        id,
        title,
        new Date(w.now.getTime() - 3_600_000 - i * 1000),
        `SUMMARY-${title}`,
        text,
        randomUUID().replace(/-/g, ''),
        JSON.stringify(content),
        n.tlp,
        n.audience,
        n.ownerOrgId,
        n.authorId,
        n.recipientOrgIds,
        n.recipientPersonIds,
        n.groupId,
        n.embargoUntil,
      ],
    );
    await w.t.db.query(
      `INSERT INTO advisory_products (advisory_id, csaf_product_id, name, vendor, product_name, version_text, statuses)
       VALUES ($1, 'CSAFPID-0001', $2, 'BPL Medical Technologies', $2, 'vers:all/*', '{known_affected}')`,
      [id, `PRODUCT-OF-${title}`],
    );
    for (const versionId of matchedVersionIds)
      await w.t.db.query(
        `INSERT INTO advisory_matches (advisory_id, product_version_id, csaf_product_ids, reason, version_verdict, matched_at)
         VALUES ($1, $2, '{CSAFPID-0001}', $3, 'all_versions', $4)`,
        [id, versionId, `REASON-${title}`, w.now],
      );
    advisories.push({ ...n, id, title, anonymous: false });
  }
  return { advisories, matchedVersionIds };
}
