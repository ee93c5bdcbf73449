import { verifyAuditChain } from '../modules/audit/index.ts';
import { migrate } from '../server/db/migrate.ts';
import type { DbCommand } from './command-env.ts';

/** `isao migrate` */
export const migrateCommand: DbCommand = {
  async run(ctx, io) {
    const applied = await migrate(ctx.db);
    io.out(applied.length > 0 ? `Applied ${applied.join(', ')}.` : 'The database schema is up to date.');
    return 0;
  },
};

/** `isao audit verify`: exits 1 naming the first bad record. */
export const auditVerify: DbCommand = {
  async run(ctx, io) {
    const result = await verifyAuditChain(ctx.db, (checked) => io.err(`checked ${checked} records…`));
    if (result.ok) {
      io.out(`Audit chain intact: ${result.checked} records verified.`);
      return 0;
    }
    io.out(
      `Audit chain BROKEN at record ${result.firstBad!.seq}: ${result.firstBad!.reason}. ${result.checked} records before it are intact.`,
    );
    return 1;
  },
};
