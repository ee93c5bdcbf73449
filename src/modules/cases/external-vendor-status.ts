/** What coordinators see of a case's external vendors: the contact, and whether the current link was opened in time. */
import type { z } from 'zod';
import type { Queryable } from '../../server/db/client.ts';
import type { ExternalVendor } from '../../shared/api/cases.ts';

type External = z.infer<typeof ExternalVendor>;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The case's external vendors by organisation id (members are not in the map). */
export async function externalVendorsOf(db: Queryable, caseId: string, now: Date): Promise<Map<string, External>> {
  const rows = await db.query<{
    org_id: string;
    contact_name: string;
    contact_email: string;
    note: string;
    created_at: Date;
    expires_at: Date;
    used_at: Date | null;
    access_until: Date | null;
  }>(
    `SELECT x.org_id, x.contact_name, x.contact_email, x.note, l.created_at, l.expires_at, l.used_at,
       (SELECT max(s.expires_at) FROM vendor_sessions s
         WHERE s.link_hash = l.token_hash AND s.revoked_at IS NULL AND s.expires_at > $2) AS access_until
       FROM external_vendor_contacts x
       JOIN vendor_links l ON l.case_id = x.case_id AND l.org_id = x.org_id AND l.replaced_at IS NULL
      WHERE x.case_id = $1`,
    [caseId, now],
  );
  return new Map(
    rows.map((r) => [
      r.org_id,
      {
        contactName: r.contact_name,
        contactEmail: r.contact_email,
        note: r.note,
        link: {
          state: r.used_at ? 'opened' : new Date(r.expires_at) <= now ? 'expired' : 'sent',
          sentAt: new Date(r.created_at).toISOString(),
          expiresAt: new Date(r.expires_at).toISOString(),
          openedAt: iso(r.used_at),
          accessUntil: iso(r.access_until),
        },
      },
    ]),
  );
}
