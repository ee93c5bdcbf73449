/** A vendor's statement on one vulnerability of a case, the same for member and external vendors (the latest stands). */
import type { z } from 'zod';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import type { StatementBody } from '../../shared/api/cases.ts';

/** Whose statement it is: the vendor organisation, and the person who wrote it (null for an external vendor's contact). */
export interface StatementAuthor {
  caseId: string;
  orgId: string;
  vulnerabilityId: string;
  updatedBy: string | null;
}

/** Stores the statement in the caller's transaction; a vulnerability of another case is 404. */
export async function saveStatement(tx: Queryable, by: StatementAuthor, body: z.infer<typeof StatementBody>, now: Date): Promise<void> {
  const v = await tx.query('SELECT 1 FROM case_vulnerabilities WHERE id = $1 AND case_id = $2', [by.vulnerabilityId, by.caseId]);
  if (v.length === 0) throw new AppError('not_found');
  await tx.query(
    `INSERT INTO vendor_statements (case_id, org_id, vulnerability_id, status, statement, affected_versions, fixed_versions, updated_by, updated_at, product)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (case_id, org_id, vulnerability_id) DO UPDATE SET status = excluded.status, statement = excluded.statement, product = excluded.product,
       affected_versions = excluded.affected_versions, fixed_versions = excluded.fixed_versions, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
    [
      by.caseId,
      by.orgId,
      by.vulnerabilityId,
      body.status,
      body.statement,
      body.affectedVersions,
      body.fixedVersions,
      by.updatedBy,
      now,
      body.product,
    ],
  );
}
