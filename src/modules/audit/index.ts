/** The tamper-evident audit log: append in the same transaction as the change, verify the chain. */
export { AUDIT_LOCK, appendAudit, takeAuditLock, type AuditInput } from './audit-log.ts';
export { verifyAuditChain, type VerifyResult } from './audit-verify.ts';
export { GENESIS_HASH, chainHash, canonicalJson } from './audit-chain.ts';
export { type ContributorRow, revealContributorAudited } from './reveal-contributor.ts';
