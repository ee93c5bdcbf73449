import { importCsaf } from './advisory-commands.ts';
import { feedsAdd, feedsList, feedsRun } from './feed-commands.ts';
import type { DbCommand } from './command-env.ts';
import { auditVerify, migrateCommand } from './database-commands.ts';
import { sbomUpload, vulndbImport, vulndbStatus } from './portfolio-commands.ts';
import { orgCreate, orgDecide, orgList, userCreate, userList, userResetMfa, userSetPassword, userSetStatus } from './people-commands.ts';
import { vexExport, vexImport } from './vex-commands.ts';

/** The database commands by name; a running server executes the same ones for the CLI. */
export const dbCommands: Record<string, DbCommand> = {
  migrate: migrateCommand,
  'audit verify': auditVerify,
  'user list': userList,
  'user create': userCreate,
  'user set-password': userSetPassword,
  'user disable': userSetStatus('disabled'),
  'user enable': userSetStatus('active'),
  'user reset-mfa': userResetMfa,
  'org list': orgList,
  'org create': orgCreate,
  'org approve': orgDecide('approved'),
  'org reject': orgDecide('rejected'),
  'vulndb import': vulndbImport,
  'vulndb status': vulndbStatus,
  'sbom upload': sbomUpload,
  'import csaf': importCsaf,
  'feeds list': feedsList,
  'feeds add': feedsAdd,
  'feeds run': feedsRun,
  'vex export': vexExport,
  'vex import': vexImport,
};
